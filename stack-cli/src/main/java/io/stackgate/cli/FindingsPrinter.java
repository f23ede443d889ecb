package io.stackgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.model.validate.Finding;
import java.io.PrintWriter;
import java.util.List;

/** Prints findings as text for people or as DESIGN.md's JSON for machines. */
final class FindingsPrinter {
    private FindingsPrinter() {
    }

    static void text(PrintWriter out, String source, List<Finding> findings) {
        long errors = findings.stream().filter(Finding::isError).count();
        long warnings = findings.size() - errors;
        if (findings.isEmpty()) {
            out.println(source + ": no findings");
            return;
        }
        for (Finding f : findings) {
            out.printf("%-7s %s  %s%n", f.severity(), f.code(), f.path());
            out.println("        " + f.message());
            out.println("        fix: " + f.fix());
        }
        out.println(source + ": " + errors + (errors == 1 ? " error, " : " errors, ") + warnings
                + (warnings == 1 ? " warning" : " warnings"));
    }

    static void json(PrintWriter out, List<Finding> findings) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ArrayNode arr = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode o = arr.addObject();
            o.put("code", f.code());
            o.put("severity", f.severity().name());
            o.put("path", f.path());
            o.put("message", f.message());
            o.put("fix", f.fix());
        }
        try {
            out.println(json.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
