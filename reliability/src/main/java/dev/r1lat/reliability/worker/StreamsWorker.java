package dev.r1lat.reliability.worker;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.Topics;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.util.Map;

/**
 * The streams app as its own process, wired exactly as {@code ./r1lat streams} wires it ({@link
 * StreamsApp#start}). A separate main rather than {@code dev.r1lat.cli.Main streams} because the
 * cli module depends on this one (for {@code ./r1lat bench reliability}), not the other way round.
 * Prints the app's state transitions ("state REBALANCING -> RUNNING") on stdout.
 */
public final class StreamsWorker {
  private StreamsWorker() {}

  public static void main(String[] argv) throws Exception {
    WorkerArgs args = WorkerArgs.parse(argv);
    args.watchParent();
    // environment deliberately ignored: a scenario passes every setting it depends on
    StreamsSettings s =
        StreamsSettings.from(Settings.load(StreamsSettings.KEYS, null, Map.of(), args.settings()));
    StreamsApp app =
        StreamsApp.start(s, Topics.withPrefix(s.topicPrefix()), line -> say("streams: " + line));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "streams-shutdown"));
    Throwable failure = app.awaitStop();
    say("streams: stopped" + (failure == null ? "" : " after a failure: " + failure));
    System.exit(failure == null ? 0 : 1);
  }

  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
