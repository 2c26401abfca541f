package dev.gantry.task.schedule;

import static dev.gantry.events.tasks.DependencyType.FF;
import static dev.gantry.events.tasks.DependencyType.FS;
import static dev.gantry.events.tasks.DependencyType.SF;
import static dev.gantry.events.tasks.DependencyType.SS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.gantry.events.tasks.DependencyType;

class CriticalPathTest {

    @Test
    void finishToStartChainsAreCriticalAndAParallelShortTaskFloats() {
        // 0 (3d) → 1 (2d) → 3 (1d); 0 → 2 (1d) → 3
        CriticalPath.Result result = CriticalPath.compute(new int[] {3, 2, 1, 1}, new int[4], edges(
                new int[] {0, 1, 0, 2}, new int[] {1, 3, 2, 3}, new DependencyType[] {FS, FS, FS, FS},
                new int[] {0, 0, 0, 0}));

        assertThat(result.earlyStart()).containsExactly(0, 3, 3, 5);
        assertThat(result.earlyFinish()).containsExactly(3, 5, 4, 6);
        assertThat(result.lateStart()).containsExactly(0, 3, 4, 5);
        assertThat(result.totalFloat()).containsExactly(0, 0, 1, 0);
        assertThat(result.finish()).isEqualTo(6);
        assertThat(result.criticalPath()).containsExactly(0, 1, 3);
    }

    @Test
    void lagsAndLeadsShiftTheSuccessor() {
        CriticalPath.Result lag = CriticalPath.compute(new int[] {2, 2}, new int[2],
                edges(new int[] {0}, new int[] {1}, new DependencyType[] {FS}, new int[] {3}));
        assertThat(lag.earlyStart()[1]).isEqualTo(5);
        CriticalPath.Result lead = CriticalPath.compute(new int[] {4, 2}, new int[2],
                edges(new int[] {0}, new int[] {1}, new DependencyType[] {FS}, new int[] {-2}));
        assertThat(lead.earlyStart()[1]).isEqualTo(2);
    }

    @Test
    void startToStartFinishToFinishAndStartToFinishConstrainTheRightEnds() {
        int[] duration = {5, 2, 3, 4};
        CriticalPath.Result result = CriticalPath.compute(duration, new int[] {2, 0, 0, 0}, edges(
                new int[] {0, 0, 0}, new int[] {1, 2, 3}, new DependencyType[] {SS, FF, SF}, new int[] {1, 0, 1}));

        assertThat(result.earlyStart()[0]).isEqualTo(2);
        assertThat(result.earlyStart()[1]).isEqualTo(3);           // SS +1: starts a day after 0 starts
        assertThat(result.earlyFinish()[2]).isEqualTo(7);          // FF: finishes with 0 (2 + 5)
        // SF +1 would let it finish a day after 0 starts (day 3), but no task starts before the project does
        assertThat(result.earlyStart()[3]).isEqualTo(0);
        assertThat(result.earlyFinish()[3]).isEqualTo(4);
        assertThat(result.critical(0)).isTrue();
        assertThat(result.critical(2)).isTrue();
        assertThat(result.totalFloat()[1]).isEqualTo(2);
        assertThat(result.totalFloat()[3]).isEqualTo(3);
    }

    @Test
    void aTaskDoesNotStartBeforeItsOwnStartDate() {
        CriticalPath.Result result = CriticalPath.compute(new int[] {1, 1}, new int[] {0, 10},
                edges(new int[] {0}, new int[] {1}, new DependencyType[] {FS}, new int[] {0}));
        assertThat(result.earlyStart()[1]).isEqualTo(10);
        assertThat(result.totalFloat()[0]).isEqualTo(9);
    }

    @Test
    void aCycleIsRefused() {
        assertThatThrownBy(() -> CriticalPath.compute(new int[] {1, 1}, new int[2],
                edges(new int[] {0, 1}, new int[] {1, 0}, new DependencyType[] {FS, FS}, new int[] {0, 0})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyLargeRandomScheduleSatisfiesAllItsConstraints() {
        Random random = new Random(42);
        int n = 10_000;
        int m = 20_000;
        int[] duration = random.ints(n, 0, 10).toArray();
        int[] predecessor = new int[m];
        int[] successor = new int[m];
        DependencyType[] type = new DependencyType[m];
        int[] lag = new int[m];
        for (int e = 0; e < m; e++) {
            int a = random.nextInt(n - 1);
            predecessor[e] = a;
            successor[e] = a + 1 + random.nextInt(Math.min(50, n - a - 1));
            type[e] = DependencyType.values()[random.nextInt(4)];
            lag[e] = random.nextInt(7) - 2;
        }
        CriticalPath.Result r = CriticalPath.compute(duration, new int[n],
                new CriticalPath.Edges(predecessor, successor, type, lag));

        for (int e = 0; e < m; e++) {
            int p = predecessor[e];
            int s = successor[e];
            switch (type[e]) {
                case FS -> assertThat(r.earlyStart()[s]).isGreaterThanOrEqualTo(r.earlyFinish()[p] + lag[e]);
                case SS -> assertThat(r.earlyStart()[s]).isGreaterThanOrEqualTo(r.earlyStart()[p] + lag[e]);
                case FF -> assertThat(r.earlyFinish()[s]).isGreaterThanOrEqualTo(r.earlyFinish()[p] + lag[e]);
                case SF -> assertThat(r.earlyFinish()[s]).isGreaterThanOrEqualTo(r.earlyStart()[p] + lag[e]);
            }
        }
        for (int t = 0; t < n; t++) {
            assertThat(r.totalFloat()[t]).isGreaterThanOrEqualTo(0);
            assertThat(r.lateFinish()[t]).isLessThanOrEqualTo(r.finish());
        }
        assertThat(r.criticalPath()).isNotEmpty();
    }

    private static CriticalPath.Edges edges(int[] p, int[] s, DependencyType[] t, int[] lag) {
        return new CriticalPath.Edges(p, s, t, lag);
    }
}
