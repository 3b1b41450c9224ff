package org.crowdfund.pledge.app.saga;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A saga run's parameters as "key=value" lines (values without line breaks). */
public final class SagaParams {
    private SagaParams() {
    }

    public static Map<String, String> parse(String encoded) {
        Map<String, String> map = new LinkedHashMap<>();
        if (encoded == null) {
            return map;
        }
        for (String line : encoded.split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2) {
                map.put(kv[0], kv[1]);
            }
        }
        return map;
    }

    public static String format(Map<String, String> params) {
        return params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + e.getValue().replace('\n', ' ')).collect(Collectors.joining("\n"));
    }
}
