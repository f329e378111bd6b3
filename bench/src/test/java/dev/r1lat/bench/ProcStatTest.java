package dev.r1lat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void shouldAddUserAndSystemTicksCountingFieldsAfterTheCommandName() {
    // a command name with a space and a ')' of its own; utime 250, stime 50 ticks
    String stat =
        "4242 (Kafka) Main) S 1 4242 4242 0 -1 4194368 10 0 0 0 250 50 0 0 20 0 66 0 123 456 789";

    assertThat(ProcStat.cpuNanosOf(stat)).isEqualTo(3_000_000_000L);
  }

  @Test
  void shouldFindTheInodeOfTheListeningSocketOnAPort() {
    List<String> tcp =
        List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
                + "  timeout inode",
            "   0: 0100007F:6DDB 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000     0"
                + "        0 777 1 0000000000000000 100 0 0 10 0",
            "   1: 0100007F:6DDB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0"
                + "        0 1259223 1 000000000fc3096a 100 0 0 10 0");

    assertThat(ProcStat.listeningInode(tcp, 0x6DDB)).isEqualTo("1259223");
    assertThat(ProcStat.listeningInode(tcp, 0x6DDC)).isNull();
  }

  @Test
  void shouldFindThisJvmByItsListeningPortAndReadItsCpu() throws Exception {
    long self = ProcessHandle.current().pid();
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(ProcStat.listeningOn(socket.getLocalPort())).hasValue(self);
    }
    assertThat(ProcStat.cpuNanos(self)).isPositive();
  }
}
