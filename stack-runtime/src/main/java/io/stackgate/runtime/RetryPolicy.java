package io.stackgate.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which failures of an external program (terraform, ansible-playbook, …) are worth another
 * attempt, how many attempts and how long to wait between them. Each driver supplies the known
 * transient errors of its program; everything else is shared. Immutable; every {@code with…}
 * method returns a new policy.
 *
 * <p>A failed run is retried only when its output (stdout and stderr) matches one of the
 * {@linkplain #rules() rules} — the program's known transient errors, such as a reset connection
 * or API throttling — and attempts are left. Any other failure is final at once. The wait before attempt
 * {@code n+1} is {@code initialBackoff × multiplier^(n-1)}, capped at {@code maxBackoff}.
 */
public final class RetryPolicy {
    /** A known transient error: a regular expression searched in the output, and why it is transient. */
    public record Rule(Pattern pattern, String explanation) {
        public Rule {
            Objects.requireNonNull(pattern, "pattern");
            if (explanation == null || explanation.isBlank()) {
                throw new IllegalArgumentException("a retry rule needs an explanation (it is reported on failure)");
            }
        }

        /** True when the pattern occurs anywhere in {@code output}. */
        public boolean matches(String output) {
            return pattern.matcher(output).find();
        }
    }

    private final List<Rule> rules;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double multiplier;
    private final Duration maxBackoff;

    private RetryPolicy(List<Rule> rules, int maxAttempts, Duration initialBackoff, double multiplier,
            Duration maxBackoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || multiplier < 1) {
            throw new IllegalArgumentException("backoff must be >= 0 and the multiplier >= 1");
        }
        this.rules = List.copyOf(rules);
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.multiplier = multiplier;
        this.maxBackoff = maxBackoff;
    }

    /** Retries on {@code rules}: 3 attempts, waits of 5 s, 10 s, … up to 60 s. */
    public static RetryPolicy of(List<Rule> rules) {
        return new RetryPolicy(rules, 3, Duration.ofSeconds(5), 2.0, Duration.ofSeconds(60));
    }

    /** One attempt: every failure is final. */
    public static RetryPolicy noRetries() {
        return of(List.of()).withMaxAttempts(1);
    }

    /** This policy plus a rule; {@code regex} is a {@link Pattern}, searched (not matched) in the output. */
    public RetryPolicy withRule(String regex, String explanation) {
        List<Rule> r = new ArrayList<>(rules);
        r.add(rule(regex, explanation));
        return new RetryPolicy(r, maxAttempts, initialBackoff, multiplier, maxBackoff);
    }

    /** This policy with exactly these rules. */
    public RetryPolicy withRules(List<Rule> newRules) {
        return new RetryPolicy(newRules, maxAttempts, initialBackoff, multiplier, maxBackoff);
    }

    /** This policy with at most {@code n} attempts in all (1 = no retry). */
    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(rules, n, initialBackoff, multiplier, maxBackoff);
    }

    /** This policy with waits of {@code initial}, {@code initial × multiplier}, … capped at {@code max}. */
    public RetryPolicy withBackoff(Duration initial, double factor, Duration max) {
        return new RetryPolicy(rules, maxAttempts, initial, factor, max);
    }

    public List<Rule> rules() {
        return rules;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The first rule that matches {@code output}, if any. */
    public Optional<Rule> transientError(String output) {
        return rules.stream().filter(r -> r.matches(output)).findFirst();
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }

    /** A rule: {@code regex} is searched (not matched) in the output; {@code explanation} says why it is transient. */
    public static Rule rule(String regex, String explanation) {
        return new Rule(Pattern.compile(regex), explanation);
    }

    @Override
    public String toString() {
        return "RetryPolicy[" + rules.size() + " rules, maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff
                + "×" + multiplier + "≤" + maxBackoff + "]";
    }
}
