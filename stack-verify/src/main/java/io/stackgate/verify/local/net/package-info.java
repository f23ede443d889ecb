/**
 * The local target's network layer: AZs as network namespaces ({@link io.stackgate.verify.local.net.AzNetwork}),
 * network faults on them (outage, partition) and slow links through a real Toxiproxy
 * ({@link io.stackgate.verify.local.net.Toxiproxy}).
 *
 * <pre>
 *  root namespace (harness, balancer)            zone i namespace sg&lt;pid&gt;&lt;l&gt;-i
 *  bridge sg&lt;pid&gt;&lt;l&gt;-br                           eth0: 10.231.(B+i).10, .11, … /24
 *    10.231.(B+7).1/24  harness address           lo up
 *    10.231.(B+i).1/24  gateway of zone i         routes: every other zone's /24 and the harness /24,
 *    port sg&lt;pid&gt;&lt;l&gt;-vi ══ veth ══ eth0            on-link over eth0; no default route
 * </pre>
 *
 * B is a multiple of 8 chosen per run so that the /21 10.231.B.0/21 touches no host route; l is
 * a letter per network open in the JVM. Only {@code Host} imports the project's process runner.
 */
package io.stackgate.verify.local.net;
