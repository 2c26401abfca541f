package dev.gantry.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DigestPlannerTest {

    @Test
    void sendsEachNoticeAloneWhileLessThanHalfTheBudgetIsUsed() {
        assertThat(DigestPlanner.plan(List.of(1, 2, 3), 0, 20, null, 30))
                .containsExactly(List.of(1), List.of(2), List.of(3));
    }

    @Test
    void digestsEverythingWaitingOnceTheRobotIsBusy() {
        List<Integer> waiting = IntStream.rangeClosed(1, 12).boxed().toList();
        assertThat(DigestPlanner.plan(waiting, 5, 20, null, 30)).containsExactly(waiting);
        assertThat(DigestPlanner.plan(waiting, 5, 20, null, 5))
                .containsExactly(List.of(1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10), List.of(11, 12));
    }

    @Test
    void pacesDigestsAndNeverExceedsTheLimit() {
        List<Integer> waiting = List.of(1, 2);
        assertThat(DigestPlanner.plan(waiting, 12, 20, Duration.ofSeconds(1), 30)).isEmpty();
        assertThat(DigestPlanner.plan(waiting, 12, 20, Duration.ofSeconds(3), 30)).containsExactly(waiting);
        assertThat(DigestPlanner.plan(waiting, 20, 20, Duration.ofMinutes(1), 30)).isEmpty();
        List<Integer> many = IntStream.rangeClosed(1, 100).boxed().toList();
        assertThat(DigestPlanner.plan(many, 18, 20, null, 10)).hasSize(2);
    }

    @Test
    void aSimulatedBurstNeverSendsMoreThanTwentyMessagesAMinuteAndDropsNothing() {
        // 200 notices arrive one per 100 ms; a worker round every 200 ms
        int limit = 20;
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        List<long[]> sent = new java.util.ArrayList<>(); // {time ms, items}
        int next = 0;
        for (long now = 0; now <= 120_000; now += 200) {
            while (next < 200 && next * 100L <= now) {
                queue.add(next++);
            }
            final long t = now;
            int used = (int) sent.stream().filter(s -> s[0] > t - 60_000).count();
            Duration since = sent.isEmpty() || sent.getLast()[0] <= t - 60_000 ? null
                    : Duration.ofMillis(t - sent.getLast()[0]);
            for (List<Integer> message : DigestPlanner.plan(List.copyOf(queue), used, limit, since, 30)) {
                message.forEach(n -> queue.remove());
                sent.add(new long[] {now, message.size()});
            }
        }
        assertThat(sent.stream().mapToLong(s -> s[1]).sum()).isEqualTo(200);
        for (long[] s : sent) {
            assertThat(sent.stream().filter(o -> o[0] > s[0] - 60_000 && o[0] <= s[0]).count())
                    .isLessThanOrEqualTo(limit);
        }
    }
}
