package org.ddss.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Usage help that lists a command's options under headings, most important first, instead of
 * picocli's one alphabetical list. A command declares its groups by implementing {@link Grouped};
 * options it leaves out (picocli's --help and --version) come last, under "Help".
 */
final class OptionGroups {
    /** A command whose options are shown in groups. */
    interface Grouped {
        /** Heading -> option names, in the order shown. */
        Map<String, List<String>> optionGroups();
    }

    private OptionGroups() {}

    /** Installs the grouped option list on every command of the tree that declares groups. */
    static void install(CommandLine cl) {
        if (cl.getCommand() instanceof Grouped g) {
            Map<String, List<String>> groups = g.optionGroups();
            cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
            cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> render(help, groups));
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            install(sub);
        }
    }

    /** The option list of {@code help}'s command under the given headings. */
    static String render(CommandLine.Help help, Map<String, List<String>> groups) {
        CommandLine.Model.CommandSpec spec = help.commandSpec();
        Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
        Set<OptionSpec> placed = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> e : groups.entrySet()) {
            List<OptionSpec> options = new ArrayList<>();
            for (String name : e.getValue()) {
                OptionSpec o = spec.findOption(name);
                if (o == null) {
                    throw new IllegalStateException(spec.qualifiedName() + " groups an option it does not have: " + name);
                }
                options.add(o);
                placed.add(o);
            }
            sections.put(e.getKey(), options);
        }
        List<OptionSpec> rest = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden() && !placed.contains(o)) {
                rest.add(o);
            }
        }
        sections.put("Help", rest);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> e : sections.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            out.append(String.format("%n%s:%n", e.getKey()));
            // A null comparator keeps the group's own order.
            out.append(help.optionListExcludingGroups(e.getValue(), help.createDefaultLayout(), null, help.parameterLabelRenderer()));
        }
        return out.toString();
    }
}
