package io.stackgate.cli;

/** Which verification targets this build can run. */
final class Targets {
    private Targets() {
    }

    static void requireLocal(String target) {
        switch (target) {
            case "local" -> {
                // the local replica of real binaries
            }
            case "docker" -> throw new UserError("--target docker is not available yet: it needs a Docker engine "
                    + "and the container environment (planned); use --target local");
            case "live" -> throw new UserError("--target live is not available yet: it needs AWS credentials and the "
                    + "live environment (planned); use --target local");
            default -> throw new UserError("unknown target " + target + "; use local, docker or live");
        }
    }
}
