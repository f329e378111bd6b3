package dev.r1lat.ingest.sim;

import java.util.SplittableRandom;

/**
 * Every random number one simulated request uses, drawn in the constructor, always all of them and
 * in this order, whatever the request turns out to be: a request's timeline depends only on the
 * seed and its sequence number, never on what other requests drew. Names: {@code g} a standard
 * Gaussian, {@code u} a uniform in [0, 1), {@code e} a standard exponential.
 */
final class RequestDraws {
  final double gPrompt;
  final double uPromptCache;
  final double uCachedFraction;
  final double uResponseCache;
  final double gReasoning;
  final double uTail;
  final double uPareto;
  final double uNoThink;
  final double gAnswer;
  final double gNetIn;
  final double gNetOut;
  final double uQueue;
  final double eQueue;
  final double gPre;
  final double gPrefill;
  final double uBatch;
  final double gTpot;
  final double uStall;
  final double gStall;
  final double uStallAt;
  final double uGap;
  final double uStatus;
  final double uCut;
  final double uCode;
  final double gPost;
  final double uStreaming;
  final double uDelivery;
  final double uDelay;
  final double uServer;
  final long idHi;
  final long idLo;

  RequestDraws(SplittableRandom rng) {
    gPrompt = rng.nextGaussian();
    uPromptCache = rng.nextDouble();
    uCachedFraction = rng.nextDouble();
    uResponseCache = rng.nextDouble();
    gReasoning = rng.nextGaussian();
    uTail = rng.nextDouble();
    uPareto = rng.nextDouble();
    uNoThink = rng.nextDouble();
    gAnswer = rng.nextGaussian();
    gNetIn = rng.nextGaussian();
    gNetOut = rng.nextGaussian();
    uQueue = rng.nextDouble();
    eQueue = rng.nextExponential();
    gPre = rng.nextGaussian();
    gPrefill = rng.nextGaussian();
    uBatch = rng.nextDouble();
    gTpot = rng.nextGaussian();
    uStall = rng.nextDouble();
    gStall = rng.nextGaussian();
    uStallAt = rng.nextDouble();
    uGap = rng.nextDouble();
    uStatus = rng.nextDouble();
    uCut = rng.nextDouble();
    uCode = rng.nextDouble();
    gPost = rng.nextGaussian();
    uStreaming = rng.nextDouble();
    uDelivery = rng.nextDouble();
    uDelay = rng.nextDouble();
    uServer = rng.nextDouble();
    idHi = rng.nextLong();
    idLo = rng.nextLong();
  }
}
