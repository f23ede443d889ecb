package io.stackgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code stackgate} command. */
@Command(name = "stackgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Model, generate and verify a highly available Prometheus + Alertmanager + Grafana stack.",
        subcommands = {ValidateCommand.class, GenerateCommand.class, UpCommand.class, VerifyCommand.class, InspectCommand.class, ChaosCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 ERROR findings or failed checks, 2 unusable input, 3 internal error."})
public final class Main implements Runnable {
    /** An input the user can fix: printed as one line, exit 2. */
    static final int EXIT_FINDINGS = 1;
    static final int EXIT_INPUT = 2;
    static final int EXIT_INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof Stacks.FindingsError f) {
                cmd.getErr().println("error: " + f.getMessage());
                return EXIT_FINDINGS;
            }
            if (e instanceof UserError u) {
                cmd.getErr().println("error: " + u.getMessage());
                return EXIT_INPUT;
            }
            cmd.getErr().println("internal error: " + e);
            if (System.getenv("STACKGATE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("(set STACKGATE_DEBUG=1 for the stack trace, and please report it)");
            }
            return EXIT_INTERNAL;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"stackgate " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
