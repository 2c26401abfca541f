package dev.gantry.deploy.observability;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (as written in a Grafana panel) selects. Sound rather than clever: string
 * literals, label matchers, ranges, Grafana variables and grouping label lists are removed, then every remaining
 * identifier is a function or aggregation (when a parenthesis follows; an unknown one is an error), a keyword, or a
 * metric name. A selector by {@code __name__} is refused, since its metric could not be checked.
 */
final class PromQl {

    /** PromQL functions and aggregation operators (Prometheus 2.42 to 3.x). */
    static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin",
            "asinh", "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos",
            "cosh", "count_over_time", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "deg", "delta",
            "deriv", "exp", "floor", "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile",
            "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "double_exponential_smoothing",
            "hour", "idelta", "increase", "irate", "label_join", "label_replace", "last_over_time", "ln", "log10",
            "log2", "mad_over_time", "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear",
            "present_over_time", "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin",
            "sinh", "sort", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan",
            "tanh", "time", "timestamp", "vector", "year",
            // aggregations
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio",
            // @ modifier
            "start", "end");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern LABEL_LIST =
            Pattern.compile("(?<![\\w:])(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])([A-Za-z_:][A-Za-z0-9_:]*)");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);

    private PromQl() {
    }

    /** The metric names {@code expression} selects, in order of appearance. */
    static Set<String> metricNames(String expression) {
        if (expression.contains("__name__")) {
            throw new IllegalArgumentException("selects by __name__, so its metric cannot be checked: " + expression);
        }
        String rest = STRING.matcher(expression).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = GRAFANA_VARIABLE.matcher(rest).replaceAll(" ");
        rest = LABEL_LIST.matcher(rest).replaceAll(" ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String name = identifier.group(1);
            boolean call = rest.substring(identifier.end()).stripLeading().startsWith("(");
            if (call) {
                if (!FUNCTIONS.contains(name)) {
                    throw new IllegalArgumentException("unknown PromQL function " + name + " in: " + expression);
                }
            } else if (!KEYWORDS.contains(name.toLowerCase())) {
                metrics.add(name);
            }
        }
        return metrics;
    }

    /** The metric names of a Grafana Prometheus variable query: {@code label_values(<selector>, <label>)}. */
    static Set<String> variableQueryMetricNames(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (!labelValues.matches()) {
            throw new IllegalArgumentException("not a label_values(<selector>, <label>) query: " + query);
        }
        return metricNames(labelValues.group(1));
    }

    /** {@code expression} with Grafana's variables replaced by values PromQL accepts, for promtool. */
    static String withSampleVariables(String expression) {
        return expression.replace("$__rate_interval", "5m").replace("${__rate_interval}", "5m")
                .replace("$__range", "1h").replace("${__range}", "1h")
                .replace("$__interval", "1m").replace("${__interval}", "1m")
                .replaceAll("\\$\\{\\w+}|\\$\\w+", "sample");
    }
}
