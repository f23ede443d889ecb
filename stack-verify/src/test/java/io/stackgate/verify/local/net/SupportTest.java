package io.stackgate.verify.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why AZ networks are unavailable is said in words a user can act on; the checks are SKIPPED with it. */
class SupportTest {
    @Test
    void aNonRootUserIsToldThatRootIsNeeded() {
        Support s = Support.probe(Programs.system(), 1000);
        assertThat(s.namespaces.available()).isFalse();
        assertThat(s.namespaces.reason()).contains("need root").contains("uid 1000");
        assertThat(s.nftables.available()).isFalse();
    }

    @Test
    void aMissingIpNamesWhereItWasSearchedAndThePackage() {
        Support s = Support.probe(new Programs(Map.of("STACKGATE_IP_BIN", "/nonexistent/ip", "PATH", "/nonexistent")), 0);
        assertThat(s.namespaces.reason()).contains("ip (iproute2) not found")
                .contains("$STACKGATE_IP_BIN=/nonexistent/ip").contains("apt-get install -y iproute2");
    }

    @Test
    void aMissingNftLeavesNamespacesButNotPartitions() {
        NetFixtures.assumeNamespaces();
        Support s = Support.probe(new Programs(Map.of("STACKGATE_NFT_BIN", "/nonexistent/nft",
                "PATH", System.getenv("PATH"))), 0);
        assertThat(s.namespaces.available()).isTrue();
        assertThat(s.nftables.available()).isFalse();
        assertThat(s.nftables.reason()).contains("nft (nftables) not found").contains("apt-get install -y nftables");
    }
}
