package org.ddss.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ddss help [COMMAND [SUBCOMMAND...]]}: the usage of the named command, however deep
 * (picocli's own help command stops at the first level, so {@code help train model} showed
 * {@code train}'s page).
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command: ddss help [COMMAND [SUBCOMMAND...]].")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command, and its subcommands, to show the help of")
    List<String> path = List.of();

    private CommandLine self;
    private PrintWriter out, err;
    private CommandLine.Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(self, "Unknown command '" + name + "' under '"
                        + target.getCommandSpec().qualifiedName() + "' (its commands: "
                        + String.join(", ", target.getSubcommands().keySet()) + ")");
            }
            target = next;
        }
        target.usage(out, colors);
        out.flush();
    }
}
