package dev.gantry.task.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RankTest {

    @Test
    void aRankBetweenTwoSortsBetweenThem() {
        assertThat(Rank.between(null, null)).isEqualTo("V");
        String first = Rank.between(null, "V");
        assertThat(first).isLessThan("V");
        String mid = Rank.between("V", "W");
        assertThat(mid).isGreaterThan("V").isLessThan("W");
        assertThat(Rank.between("V", null)).isGreaterThan("V");
        assertThat(Rank.between("Vz", "W")).isGreaterThan("Vz").isLessThan("W");
    }

    @Test
    void repeatedInsertsIntoTheSameGapKeepTheOrder() {
        Random random = new Random(7);
        List<String> column = new ArrayList<>(List.of(Rank.between(null, null)));
        for (int i = 0; i < 2_000; i++) {
            int at = random.nextInt(column.size() + 1);
            String lo = at == 0 ? null : column.get(at - 1);
            String hi = at == column.size() ? null : column.get(at);
            String rank = Rank.between(lo, hi);
            if (lo != null) {
                assertThat(rank).isGreaterThan(lo);
            }
            if (hi != null) {
                assertThat(rank).isLessThan(hi);
            }
            assertThat(rank).doesNotEndWith("0");
            column.add(at, rank);
        }
        assertThat(column).isSorted();
    }

    @Test
    void alwaysTheTopGrowsSlowly() {
        String top = Rank.between(null, null);
        for (int i = 0; i < 200; i++) {
            String next = Rank.between(null, top);
            assertThat(next).isLessThan(top);
            top = next;
        }
        assertThat(top.length()).isLessThan(Rank.REBALANCE_LENGTH);
    }

    @Test
    void appendingManyCardsKeepsRanksShortAndOrdered() {
        List<String> column = new ArrayList<>();
        String last = null;
        for (int i = 0; i < 100_000; i++) {
            String next = Rank.after(last);
            if (last != null) {
                assertThat(next).isGreaterThan(last);
            }
            column.add(next);
            last = next;
        }
        assertThat(last.length()).isLessThanOrEqualTo(Rank.APPEND_WIDTH);
        assertThat(Rank.after("V0000z")).isEqualTo("V0001");
        assertThat(Rank.after("Vzzzzz12")).isEqualTo("W");
        assertThat(Rank.after("V00001V")).isEqualTo("V00002");
        assertThat(Rank.between(column.get(5), column.get(6))).isBetween(column.get(5), column.get(6));
    }

    @Test
    void spreadRanksAreOrderedAndDistinct() {
        List<String> ranks = Rank.spread(5_000);
        assertThat(ranks).isSorted().doesNotHaveDuplicates().hasSize(5_000);
        assertThat(Rank.between(ranks.get(10), ranks.get(11))).isBetween(ranks.get(10), ranks.get(11));
    }

    @Test
    void refusesAnEmptyInterval() {
        assertThatThrownBy(() -> Rank.between("W", "V")).isInstanceOf(IllegalArgumentException.class);
    }
}
