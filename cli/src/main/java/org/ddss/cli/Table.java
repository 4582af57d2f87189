package org.ddss.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.Row;
import org.ddss.metrics.Kid;

/**
 * Prints scored rows as a Markdown table: FID and KID per network of the protocol, in its
 * order, and the labelling classifier's confident share and class shares where it has one.
 */
final class Table {
    private Table() {}

    static void print(PrintWriter w, Protocol protocol, List<Row> rows) {
        List<String> nets = protocol.networkNames();
        String labeller = protocol.labellerName();
        StringBuilder head = new StringBuilder("| sampler | NFE | n |"), rule = new StringBuilder("|---|---:|---:|");
        for (String n : nets) {
            head.append(" FID (").append(n).append(") |");
            rule.append("---:|");
        }
        for (String n : nets) {
            head.append(" KID (").append(n).append(") ×1e3 |");
            rule.append("---:|");
        }
        if (labeller != null) {
            head.append(" ").append(labeller).append(" conf ≥ ").append(Protocol.CONFIDENT).append(" | class shares |");
            rule.append("---:|---:|");
        }
        w.println(head.append(" seconds |"));
        w.println(rule.append("---:|"));
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %d |", r.label(),
                    r.nfe() == 0 ? "–" : Integer.toString(r.nfe()), r.samples()));
            for (String n : nets) {
                line.append(String.format(Locale.ROOT, " %.2f |", r.fid().get(n)));
            }
            for (String n : nets) {
                Kid k = r.kid().get(n);
                // Absent where the reference holds statistics only.
                line.append(k == null ? " – |" : String.format(Locale.ROOT, " %.2f ± %.2f |", 1e3 * k.mean(), 1e3 * k.std()));
            }
            if (labeller != null) {
                line.append(String.format(Locale.ROOT, " %.1f%% | %.1f–%.1f%% |", 100 * r.labels().confident(),
                        100 * r.labels().minShare(), 100 * r.labels().maxShare()));
            }
            line.append(r.nfe() == 0 ? " – |" : String.format(Locale.ROOT, " %.0f |", r.seconds()));
            w.println(line);
        }
        w.flush();
    }
}
