package io.stackgate.verify.local.net;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A run to kill: builds a 3-AZ network, starts {@code sleep <seconds>} inside zone 0, prints
 * {@code READY <run id> <pid of the sleep>} and waits until the JVM is told to stop.
 * Arguments: the sleep's seconds (a value unique to the test, to find it in /proc) and a directory for logs.
 */
public final class HoldAzNetwork {
    private HoldAzNetwork() {
    }

    public static void main(String[] args) throws InterruptedException {
        AzNetwork net = AzNetwork.create(3, 2);
        Path dir = Path.of(args[1]);
        Host.Started marker = Host.start("marker", net.run(0, "sleep", args[0]), dir, dir.resolve("marker.log"));
        System.out.println("READY " + net.runId() + " " + marker.pid());
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM: the shutdown hooks must clean up
    }
}
