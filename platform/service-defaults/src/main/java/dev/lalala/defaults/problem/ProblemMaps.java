package dev.lalala.defaults.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/** A problem as the plain map that is its JSON form, for code paths that write the body themselves. */
public final class ProblemMaps {

    private ProblemMaps() {
    }

    public static Map<String, Object> toMap(ProblemDetail problem) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (problem.getType() != null) {
            map.put("type", problem.getType().toString());
        }
        if (problem.getTitle() != null) {
            map.put("title", problem.getTitle());
        }
        map.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            map.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            map.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(map::putIfAbsent);
        }
        return map;
    }
}
