package com.interview.app.launch;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line of a failed start says what NIO would say, whichever transport failed. */
class StartupFailureTest {

  @Test
  void nativeTransportMessagesLoseTheirSyscallPrefix() {
    assertThat(StartupFailure.reason(new IOException("bind(..) failed with error(-98): Address already in use")))
      .isEqualTo("Address already in use");
    assertThat(StartupFailure.reason(new IOException("bind(..) failed: Permission denied"))).isEqualTo("Permission denied");
    assertThat(StartupFailure.reason(new RuntimeException("wrapped", new IOException("Address already in use"))))
      .isEqualTo("Address already in use");
    assertThat(StartupFailure.reason(new IOException("Connection refused: /127.0.0.1:5432")))
      .isEqualTo("Connection refused: /127.0.0.1:5432");
  }
}
