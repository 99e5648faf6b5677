package dev.lalala.defaults.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, as every list endpoint of the platform answers: the items, and an opaque cursor for the
 * next page (absent on the last page). Cursors, unlike offsets, stay right while items are added.
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

    public CursorPage {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only says that there is more.
     *
     * @param cursorOf the cursor that resumes right after a given item
     */
    public static <T> CursorPage<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new CursorPage<>(fetched, null);
        }
        List<T> page = fetched.subList(0, limit);
        return new CursorPage<>(page, cursorOf.apply(page.getLast()));
    }

    public <R> CursorPage<R> map(Function<T, R> mapper) {
        return new CursorPage<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
