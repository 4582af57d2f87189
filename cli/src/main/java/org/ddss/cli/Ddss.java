package org.ddss.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ddss} command: parses arguments, calls one core entry point per subcommand, prints. */
@Command(name = "ddss",
        mixinStandardHelpOptions = true,
        versionProvider = Ddss.Version.class,
        description = "Differentiable Diffusion Sampler Search: learn few-step samplers for diffusion models.",
        footer = {"%nExamples:",
            "  ddss sample                 # 64 digits from the embedded model, seconds",
            "  ddss search                 # learn a 10-step sampler for it, minutes",
            "  ddss help search            # a command's options, grouped, with examples",
            "  source <(ddss generate-completion)   # tab completion in bash or zsh"},
        subcommands = {SearchCommand.class, SampleCommand.class, EvalCommand.class, TrainCommand.class, ModelCommand.class, SamplerCommand.class, ConvertCommand.class, StatsCommand.class, FetchCommand.class, InfoCommand.class, HelpCommand.class,
                AutoCompleteCommand.class})
public final class Ddss implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand (try 'ddss info')");
    }

    public static void main(String[] args) {
        // One-line log records (the JDK's default format spans two lines).
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "ddss: %4$s: %5$s%6$s%n");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line, for tests and embedding. A file that cannot be read or does not
     * hold what it should (an IOException, whose message names it) ends the command with its message
     * and exit code 1; input it cannot work with ({@link BadInput}) with its sentence and exit code 2;
     * anything else keeps picocli's stack trace.
     */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Ddss()));
    }

    /**
     * {@code root} configured as {@link #commandLine()} is: the same grouped help, usage errors and
     * exit codes, for another entry point over these commands (a cluster's).
     */
    public static CommandLine configure(CommandLine root) {
        OptionGroups.install(root);
        return root.setParameterExceptionHandler(Ddss::usageError).setExecutionExceptionHandler((ex, cl, parsed) -> {
            if (ex instanceof BadInput) {
                cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                cl.getErr().flush();
                return 2;
            }
            if (ex instanceof ArithmeticException) {
                // A computation that produced NaN or an infinity (core says which and where).
                cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                cl.getErr().flush();
                return 1;
            }
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                Throwable io = ex instanceof java.io.UncheckedIOException u ? u.getCause() : ex;
                // A FileSystemException's message is only the path: say what happened to it.
                String what = io instanceof java.nio.file.FileSystemException || io.getMessage() == null
                        ? io.toString() : io.getMessage();
                cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + what);
                cl.getErr().flush();
                return 1;
            }
            throw ex;
        });
    }

    /**
     * A malformed command line: its message, picocli's suggestions for a mistyped option or
     * command, and where the help is, instead of the whole usage page; exit code 2.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        java.io.PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for its options.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** {@code --version}: the POM's version, the git commit it was built from, the JDK and the backends that load here. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = Ddss.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            String version = p.getProperty("version", "(development build)");
            String commit = p.getProperty("commit", "");
            String built = commit.isEmpty() || commit.startsWith("${") ? "not built from a git checkout"
                    : "commit " + commit + ("true".equals(p.getProperty("dirty")) ? " with uncommitted changes" : "");
            java.util.List<String> backends = new java.util.ArrayList<>();
            for (String name : org.ddss.backend.Backends.names()) {
                backends.add(org.ddss.backend.Backends.unavailableReason(name).isPresent() ? name + " (unavailable; 'ddss info' says why)" : name);
            }
            return new String[] {"ddss " + version + " (" + built + ")", "JDK " + Runtime.version(),
                "Backends " + String.join(", ", backends)};
        }
    }
}
