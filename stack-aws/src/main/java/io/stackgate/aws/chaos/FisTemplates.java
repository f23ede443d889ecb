package io.stackgate.aws.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import java.util.Objects;
import java.util.Optional;

/**
 * AWS FIS experiment templates for {@code stackgate chaos}'s experiments, for teams that run chaos
 * in FIS: {@code chaos/<experiment>.json}, each valid input of
 * {@code aws fis create-experiment-template --cli-input-json file://chaos/<experiment>.json}, plus
 * {@code chaos/README.md}. Same topology and options → byte-identical files.
 *
 * <ul>
 * <li>{@code terminate-prometheus}, {@code terminate-alertmanager}: {@code aws:ec2:terminate-instances}
 *     on one running instance ({@code COUNT(1)}) tagged {@code Stack=<name>}, {@code Tier=<tier>};
 *     its Auto Scaling group replaces it.</li>
 * <li>{@code stop-az}: {@code aws:ec2:stop-instances} with {@code startInstancesAfterDuration} on
 *     every running instance tagged {@code Stack=<name>} whose {@code Placement.AvailabilityZone} is
 *     the zone (default the topology's first), and, for the same duration,
 *     {@code aws:ec2:asg-insufficient-instance-capacity-error} on the stack's groups in that zone, so
 *     that, as in a real AZ outage, the groups cannot launch into it meanwhile (an API moto lacks:
 *     {@code stackgate chaos} stops the instances only).</li>
 * </ul>
 * {@code deregister-target} has no FIS action (FIS has none for ELB target groups); the README says so.
 *
 * <p>The role FIS acts as: {@link Options#roleArn()} or {@code arn:aws:iam::${AWS_ACCOUNT_ID}:role/<name>-fis},
 * the role terraform/modules/fis creates, with the account left for {@code envsubst}. Stop
 * condition: the CloudWatch alarm of {@link Options#stopAlarmArn()}, or {@code none}.
 */
public final class FisTemplates {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The experiments FIS can run (deregister-target cannot be expressed). */
    static final java.util.List<Experiment> FIS_EXPERIMENTS = java.util.List.of(Experiment.TERMINATE_PROMETHEUS,
            Experiment.TERMINATE_ALERTMANAGER, Experiment.STOP_AZ);

    /**
     * @param roleArn the IAM role FIS assumes
     * @param stopAlarmArn a CloudWatch alarm that stops the experiment when it fires
     * @param zone the AZ of stop-az (default: the topology's first)
     * @param holdMinutes how long stop-az keeps the zone down before FIS starts the instances again (1 to 720)
     */
    public record Options(Optional<String> roleArn, Optional<String> stopAlarmArn, Optional<String> zone, int holdMinutes) {
        public Options {
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(stopAlarmArn, "stopAlarmArn");
            Objects.requireNonNull(zone, "zone");
            if (holdMinutes < 1 || holdMinutes > 720) {
                throw new IllegalArgumentException("FIS holds stopped instances 1 to 720 minutes (PT1M..PT12H), got " + holdMinutes);
            }
            roleArn.ifPresent(a -> require(a, "arn:aws:iam::", "--fis-role-arn"));
            stopAlarmArn.ifPresent(a -> require(a, "arn:aws:cloudwatch:", "--fis-stop-alarm-arn"));
        }

        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), Optional.empty(), 5);
        }

        private static void require(String arn, String prefix, String what) {
            if (!arn.startsWith(prefix) || arn.chars().anyMatch(Character::isWhitespace) || arn.length() > 2048) {
                throw new IllegalArgumentException(what + " must be an ARN starting " + prefix + ", got " + arn);
            }
        }
    }

    /**
     * The files under {@code chaos/}.
     *
     * @throws IllegalArgumentException when {@code options.zone()} is not one of the topology's AZs
     */
    public Bundle render(Topology t, Options options) {
        String zone = options.zone().orElse(t.availabilityZones().get(0));
        if (!t.availabilityZones().contains(zone)) {
            throw new IllegalArgumentException("the FIS stop-az zone " + zone + " is not one of the topology's availability zones "
                    + t.availabilityZones());
        }
        Bundle.Builder b = Bundle.builder();
        for (Experiment e : FIS_EXPERIMENTS) {
            b.text("chaos/" + e.id() + ".json", json(template(t, options, e, zone)));
        }
        b.text("chaos/README.md", readme(t, options, zone));
        return b.build();
    }

    private static ObjectNode template(Topology t, Options o, Experiment e, String zone) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("description", "stackgate " + t.name() + " " + e.id() + ": " + e.title() + "; expected: " + e.claim());
        ObjectNode targets = root.putObject("targets");
        ObjectNode actions = root.putObject("actions");
        switch (e) {
            case TERMINATE_PROMETHEUS, TERMINATE_ALERTMANAGER -> {
                String tier = e == Experiment.TERMINATE_PROMETHEUS ? "prometheus" : "alertmanager";
                ObjectNode i = instances(targets, t, Optional.of(tier));
                i.putArray("filters").addObject().put("path", "State.Name").putArray("values").add("running");
                i.put("selectionMode", "COUNT(1)");
                ObjectNode a = actions.putObject("terminate");
                a.put("actionId", "aws:ec2:terminate-instances");
                a.put("description", "terminate one running " + tier + " instance; its Auto Scaling group launches a replacement");
                a.putObject("targets").put("Instances", "Instances");
            }
            case STOP_AZ -> {
                ObjectNode i = instances(targets, t, Optional.empty());
                var filters = i.putArray("filters");
                filters.addObject().put("path", "Placement.AvailabilityZone").putArray("values").add(zone);
                filters.addObject().put("path", "State.Name").putArray("values").add("running");
                i.put("selectionMode", "ALL");
                ObjectNode groups = targets.putObject("AutoScalingGroups");
                groups.put("resourceType", "aws:ec2:autoscaling-group");
                groups.putObject("resourceTags").put("Stack", t.name());
                groups.put("selectionMode", "ALL");
                String hold = "PT" + o.holdMinutes() + "M";
                ObjectNode stop = actions.putObject("stop-zone");
                stop.put("actionId", "aws:ec2:stop-instances");
                stop.put("description", "stop every running stack instance in " + zone + "; FIS starts them after " + hold);
                stop.putObject("parameters").put("startInstancesAfterDuration", hold);
                stop.putObject("targets").put("Instances", "Instances");
                ObjectNode capacity = actions.putObject("no-launches-in-zone");
                capacity.put("actionId", "aws:ec2:asg-insufficient-instance-capacity-error");
                capacity.put("description", "the stack's Auto Scaling groups cannot launch into " + zone + " for " + hold);
                ObjectNode p = capacity.putObject("parameters");
                p.put("availabilityZoneIdentifiers", zone);
                p.put("duration", hold);
                p.put("percentage", "100");
                capacity.putObject("targets").put("AutoScalingGroups", "AutoScalingGroups");
            }
            default -> throw new IllegalArgumentException(e.id() + " has no FIS action");
        }
        var stop = root.putArray("stopConditions").addObject();
        o.stopAlarmArn().ifPresentOrElse(a -> stop.put("source", "aws:cloudwatch:alarm").put("value", a),
                () -> stop.put("source", "none"));
        root.put("roleArn", o.roleArn().orElse("arn:aws:iam::${AWS_ACCOUNT_ID}:role/" + t.name() + "-fis"));
        ObjectNode options = root.putObject("experimentOptions");
        options.put("accountTargeting", "single-account");
        // an experiment that finds nothing to act on is a broken stack or template, not a pass
        options.put("emptyTargetResolutionMode", "fail");
        ObjectNode tags = root.putObject("tags");
        tags.put("Name", t.name() + "-" + e.id());
        tags.put("Stack", t.name());
        tags.put("ManagedBy", "stackgate");
        return root;
    }

    private static ObjectNode instances(ObjectNode targets, Topology t, Optional<String> tier) {
        ObjectNode i = targets.putObject("Instances");
        i.put("resourceType", "aws:ec2:instance");
        ObjectNode tags = i.putObject("resourceTags");
        tags.put("Stack", t.name());
        tier.ifPresent(x -> tags.put("Tier", x));
        return i;
    }

    private static String readme(Topology t, Options o, String zone) {
        StringBuilder s = new StringBuilder();
        s.append("# FIS experiment templates of stack ").append(t.name()).append("\n\n");
        s.append("Written by `stackgate generate`: the experiments of `stackgate chaos`, for AWS Fault Injection Service.\n\n");
        for (Experiment e : FIS_EXPERIMENTS) {
            s.append("- `").append(e.id()).append(".json`: ").append(e.title()).append(". Expected: ").append(e.claim())
                    .append(".\n");
        }
        s.append("- `deregister-target`: not here. FIS has no action for ELB target groups; run it with\n")
                .append("  `stackgate chaos FILE --target live --experiment deregister-target --yes`.\n\n");
        s.append("stop-az stops the instances in ").append(zone).append(" for ").append(o.holdMinutes())
                .append(" minutes (`generate --fis-zone`, `--fis-hold-minutes`).\n\n");
        s.append("Create them (terraform/modules/fis does the same, and creates the role):\n\n```\n");
        if (o.roleArn().isEmpty()) {
            s.append("export AWS_ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)\n");
            s.append("for f in chaos/*.json; do envsubst '$AWS_ACCOUNT_ID' < \"$f\" > \"$f.in\" &&\n")
                    .append("  aws fis create-experiment-template --cli-input-json \"file://$f.in\"; done\n");
        } else {
            s.append("for f in chaos/*.json; do aws fis create-experiment-template --cli-input-json \"file://$f\"; done\n");
        }
        s.append("```\n\n");
        s.append("Role: ").append(o.roleArn().map(a -> "`" + a + "` (`--fis-role-arn`)")
                .orElse("`arn:aws:iam::${AWS_ACCOUNT_ID}:role/" + t.name() + "-fis`, created by terraform/modules/fis "
                        + "(or pass `--fis-role-arn`)")).append(".\n");
        s.append("Stop condition: ").append(o.stopAlarmArn().map(a -> "the CloudWatch alarm `" + a + "`")
                .orElse("none (pass `--fis-stop-alarm-arn` to stop an experiment when an alarm fires)")).append(".\n");
        return s.toString();
    }

    private static String json(ObjectNode node) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
        printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
        printer.indentObjectsWith(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }
}
