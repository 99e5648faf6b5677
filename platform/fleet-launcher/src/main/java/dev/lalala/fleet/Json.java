package dev.lalala.fleet;

import java.util.Map;

/** Just enough JSON to hand a service its properties in SPRING_APPLICATION_JSON (the launcher has no JSON library). */
final class Json {

    private Json() {
    }

    static String object(Map<String, Object> properties) {
        StringBuilder json = new StringBuilder("{");
        properties.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(string(key)).append(':');
            json.append(value instanceof Number || value instanceof Boolean ? value.toString() : string(value.toString()));
        });
        return json.append('}').toString();
    }

    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
