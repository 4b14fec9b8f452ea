package io.github.eventsource.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTests {

	@Test
	void countsAnIpv4ClientByItsAddress() {
		assertThat(ClientAddress.of("192.0.2.7")).isEqualTo("192.0.2.7");
	}

	@Test
	void countsAnIpv6ClientByItsSlash64Network() {
		assertThat(ClientAddress.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientAddress.of("[2001:db8:1:2::1]")).isEqualTo("2001:db8:1:2::/64");
	}

	@Test
	void countsAClientWithoutAddressAsUnknown() {
		assertThat(ClientAddress.of(null)).isEqualTo(ClientAddress.UNKNOWN);
		assertThat(ClientAddress.of("")).isEqualTo(ClientAddress.UNKNOWN);
	}

	@Test
	void keepsAnUnparsableAddressAsItIs() {
		assertThat(ClientAddress.of("zz:not-an-address")).isEqualTo("zz:not-an-address");
	}

}
