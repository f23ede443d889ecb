package io.stackgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the packaged {@code stackgate.jar} as a separate process, as a user would. */
final class Jar {
    private Jar() {
    }

    record Result(int exitCode, String out, String err) {
    }

    static Path jar() {
        String p = System.getProperty("stackgate.jar");
        if (p == null || !Files.exists(Path.of(p))) {
            throw new IllegalStateException("stackgate.jar not built (system property stackgate.jar = " + p + ")");
        }
        return Path.of(p);
    }

    static ProcessBuilder builder(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
                jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("stackgate-out", ".txt");
        Path err = Files.createTempFile("stackgate-err", ".txt");
        Process p = builder(dir, env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("stackgate " + String.join(" ", args) + " did not finish in " + timeoutSeconds
                    + " s; output so far:\n" + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The local replicas' working directories under the temp directory. */
    static java.util.Set<String> replicaWorkDirs() throws IOException {
        return workDirs("stackgate-local-");
    }

    /** The names under the temp directory that start with one of {@code prefixes}. */
    static java.util.Set<String> workDirs(String... prefixes) throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> Stream.of(prefixes).anyMatch(n::startsWith))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /**
     * Waits for {@code pattern} in the child's output file; fails with that output when the child exits first or
     * {@code seconds} pass.
     */
    static java.util.regex.Matcher awaitOutput(Process p, Path log, java.util.regex.Pattern pattern, long seconds)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            java.util.regex.Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            if (!p.isAlive()) {
                throw new AssertionError("exited (" + p.exitValue() + ") before printing " + pattern + ":\n"
                        + Files.readString(log));
            }
            Thread.sleep(200); // polling the child's output; this is a test driver, not a check
        }
        throw new AssertionError("no " + pattern + " within " + seconds + " s:\n" + Files.readString(log));
    }

    /** Processes (any user) whose command line mentions a local replica's working directory. */
    static List<String> replicaProcesses() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains("stackgate-local-")) {
                        found.add(p.getFileName() + ": " + cmd);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
