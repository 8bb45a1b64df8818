package com.interview.proxy.config;

import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

  private static byte[] ip(String s) {
    return NetUtil.createByteArrayFromIpAddressString(s);
  }

  @Test
  void containsAddressesInsideTheBlockOnly() {
    Cidr ten = Cidr.parse("10.0.0.0/8");
    assertThat(ten.contains(ip("10.255.1.2"))).isTrue();
    assertThat(ten.contains(ip("11.0.0.1"))).isFalse();
    Cidr odd = Cidr.parse("192.168.1.128/25");
    assertThat(odd.contains(ip("192.168.1.200"))).isTrue();
    assertThat(odd.contains(ip("192.168.1.127"))).isFalse();
  }

  @Test
  void aBareAddressIsABlockOfOneAndFamiliesDoNotMix() {
    Cidr one = Cidr.parse("127.0.0.1");
    assertThat(one.contains(ip("127.0.0.1"))).isTrue();
    assertThat(one.contains(ip("127.0.0.2"))).isFalse();
    assertThat(one.contains(ip("::1"))).isFalse();
    assertThat(Cidr.parse("::1/128").contains(ip("::1"))).isTrue();
  }

  @Test
  void namesAndBadPrefixesAreRefusedWithoutResolving() {
    assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("IP address or CIDR");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length 0..32");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
  }
}
