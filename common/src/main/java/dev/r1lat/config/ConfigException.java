package dev.r1lat.config;

/** A setting that is missing, unknown or does not parse; the message names the key and the fix. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
