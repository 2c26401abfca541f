package dev.gantry.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class CursorPageTest {

    private static List<UUID> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> new UUID(0, i)).toList();
    }

    @Test
    void hasNoNextCursorWhenFewerRowsThanTheLimitCame() {
        List<UUID> fetched = ids(3);

        CursorPage<UUID> page = CursorPage.of(fetched, 5, PageRequest::cursorAfter);

        assertThat(page.items()).isEqualTo(fetched);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void hasNoNextCursorWhenExactlyTheLimitCame() {
        List<UUID> fetched = ids(5);

        CursorPage<UUID> page = CursorPage.of(fetched, 5, PageRequest::cursorAfter);

        assertThat(page.items()).isEqualTo(fetched);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void hasNoNextCursorForAnEmptyResult() {
        CursorPage<UUID> page = CursorPage.of(List.of(), 5, PageRequest::cursorAfter);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void showsLimitRowsAndACursorFromTheLastShownWhenOneMoreCame() {
        List<UUID> fetched = ids(6);

        CursorPage<UUID> page = CursorPage.of(fetched, 5, PageRequest::cursorAfter);

        assertThat(page.items()).isEqualTo(fetched.subList(0, 5));
        assertThat(page.nextCursor()).isEqualTo(PageRequest.cursorAfter(fetched.get(4)));
        assertThat(PageRequest.of(5, page.nextCursor()).after()).contains(fetched.get(4));
    }

    @Test
    void makesTheCursorFromTheLastShownRowNotTheExtraOne() {
        List<String> seen = new ArrayList<>();

        CursorPage<String> page = CursorPage.of(List.of("a", "b", "c"), 2, row -> {
            seen.add(row);
            return "after-" + row;
        });

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.nextCursor()).isEqualTo("after-b");
        assertThat(seen).containsExactly("b");
    }

    @Test
    void itemsAreAnUnmodifiableCopy() {
        List<String> fetched = new ArrayList<>(List.of("a", "b"));

        CursorPage<String> page = CursorPage.of(fetched, 5, row -> row);
        fetched.add("c");

        assertThat(page.items()).containsExactly("a", "b");
        assertThatThrownBy(() -> page.items().add("d")).isInstanceOf(UnsupportedOperationException.class);
    }
}
