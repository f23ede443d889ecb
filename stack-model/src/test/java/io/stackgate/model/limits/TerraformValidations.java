package io.stackgate.model.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numeric bounds of every {@code validation} block in a Terraform variables file, read without
 * Terraform: comments are removed, each {@code variable "…" { … }} and each {@code validation { … }}
 * block inside it is cut out by brace matching (braces inside strings do not count), and every
 * comparison of a value with a number in a {@code condition} is collected. The forms in use are
 * {@code var.a.b >= N}, {@code length(var.a) <= N}, {@code tonumber(split("/", var.a)[1]) >= N}
 * (a CIDR prefix, reported as {@code a.prefix}) and {@code alltrue([for t in [var.a, var.b] : t >= N])}.
 */
final class TerraformValidations {
    /** One comparison found in a condition, e.g. {@code prometheus.replicas <= 10}. */
    record Bound(String variable, String path, String op, long value, String condition) {
    }

    /** A validation block: its variable, its condition text and the bounds found in it. */
    record Validation(String variable, String condition, List<Bound> bounds) {
    }

    private static final Pattern VARIABLE = Pattern.compile("(?m)^variable\\s+\"([^\"]+)\"\\s*\\{");
    private static final Pattern VALIDATION = Pattern.compile("\\bvalidation\\s*\\{");
    private static final Pattern CONDITION = Pattern.compile("(?s)\\bcondition\\s*=\\s*(.*?)\\n\\s*error_message\\s*=");
    private static final Pattern FOR_LIST = Pattern.compile("(?s)for\\s+(\\w+)\\s+in\\s+\\[([^\\]]+)\\]\\s*:\\s*(.*?)\\]\\s*\\)");
    private static final Pattern COMPARISON = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\s*(>=|<=|>|<)\\s*(\\d+)(?![\\d.])");

    private TerraformValidations() {
    }

    /** Every validation block of {@code hcl}, in file order, and whether each variable has a default. */
    static Map<String, List<Validation>> read(String hcl, Map<String, Boolean> hasDefault) {
        String text = stripComments(hcl);
        Map<String, List<Validation>> out = new LinkedHashMap<>();
        Matcher v = VARIABLE.matcher(text);
        while (v.find()) {
            String name = v.group(1);
            int open = v.end() - 1;
            String body = text.substring(open + 1, matching(text, open));
            hasDefault.put(name, Pattern.compile("(?m)^\\s*default\\s*=").matcher(topLevel(body)).find());
            List<Validation> validations = new ArrayList<>();
            Matcher val = VALIDATION.matcher(body);
            while (val.find()) {
                int vOpen = val.end() - 1;
                String block = body.substring(vOpen + 1, matching(body, vOpen));
                Matcher c = CONDITION.matcher(block);
                if (!c.find()) {
                    throw new IllegalStateException("variable " + name + ": a validation block without condition");
                }
                String condition = c.group(1).trim();
                validations.add(new Validation(name, condition, bounds(name, condition)));
            }
            out.put(name, validations);
        }
        return out;
    }

    private static List<Bound> bounds(String variable, String condition) {
        String expr = condition.replaceAll("tonumber\\(split\\(\"/\",\\s*var\\.([A-Za-z0-9_.]+)\\)\\[1\\]\\)", "var.$1.prefix")
                .replaceAll("length\\(var\\.([A-Za-z0-9_.]+)\\)", "var.$1.length");
        List<String> expanded = new ArrayList<>();
        Matcher f = FOR_LIST.matcher(expr);
        if (f.find()) {
            // alltrue([for t in [var.a, var.b] : t >= 2 && t <= 10]): the body holds for each listed value
            for (String item : f.group(2).split(",")) {
                expanded.add(f.group(3).replaceAll("\\b" + Pattern.quote(f.group(1)) + "\\b", item.trim()));
            }
        } else {
            expanded.add(expr);
        }
        List<Bound> out = new ArrayList<>();
        for (String e : expanded) {
            Matcher m = COMPARISON.matcher(e);
            while (m.find()) {
                String subject = m.group(1);
                if (!subject.startsWith("var.")) {
                    throw new IllegalStateException("variable " + variable + ": cannot tell what \"" + subject
                            + "\" compares in: " + condition);
                }
                out.add(new Bound(variable, subject.substring(4), m.group(2), Long.parseLong(m.group(3)), condition));
            }
        }
        return out;
    }

    /** The index of the brace closing the one at {@code open}, skipping quoted strings. */
    private static int matching(String s, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '"') {
                inString = true;
            } else if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced braces after offset " + open);
    }

    /** {@code body} without its nested blocks (so a default inside a validation does not count). */
    private static String topLevel(String body) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (char ch : body.toCharArray()) {
            if (ch == '{' || ch == '(' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ')' || ch == ']') {
                depth--;
            } else if (depth == 0) {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** Removes {@code #} and {@code //} comments outside strings. */
    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (inString) {
                out.append(ch);
                if (ch == '\\' && i + 1 < s.length()) {
                    out.append(s.charAt(++i));
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '"') {
                inString = true;
                out.append(ch);
            } else if (ch == '#' || (ch == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/')) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
