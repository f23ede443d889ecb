package io.stackgate.verify.local;

import io.stackgate.model.Fixtures;
import io.stackgate.verify.target.ZoneFaults;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A run to kill midway: starts the three-AZ example on AZ namespaces, takes the first AZ out and cuts
 * the second off (a run stopped in the middle of its AZ checks), prints
 * {@code READY <run id> <work dir>} and waits until the JVM is told to stop.
 */
public final class HoldLocalTarget {
    private HoldLocalTarget() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalTarget env = LocalTarget.start(Fixtures.example("three-az.yaml"), LocalTarget.Network.ZONES);
        ZoneFaults zones = env.require(ZoneFaults.class);
        List<String> names = zones.zones();
        zones.outage(names.get(0));
        zones.partition(names.get(1));
        System.out.println("READY " + env.network().orElseThrow().runId() + " " + env.workDir());
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM: the shutdown hooks must clean up
    }
}
