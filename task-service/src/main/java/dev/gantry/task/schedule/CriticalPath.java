package dev.gantry.task.schedule;

import java.util.Arrays;

import dev.gantry.events.tasks.DependencyType;

/**
 * The critical path method over tasks numbered 0..n-1 in working days: a forward pass for earliest start and finish,
 * a backward pass for latest start and finish, total float = latest start − earliest start, critical = no float.
 * Finishes are exclusive (a 3-day task starting on day 2 finishes at 5), so a finish-to-start successor may start on
 * its predecessor's finish. Arrays throughout: thousands of tasks are computed in milliseconds.
 * <p>
 * Constraints of an edge p → s with lag L (in working days; negative for lead):
 * FS: ES(s) ≥ EF(p) + L; SS: ES(s) ≥ ES(p) + L; FF: EF(s) ≥ EF(p) + L; SF: EF(s) ≥ ES(p) + L.
 */
public final class CriticalPath {

    private CriticalPath() {
    }

    /** Dependencies as parallel arrays: predecessor, successor, type and lag of each. */
    public record Edges(int[] predecessor, int[] successor, DependencyType[] type, int[] lag) {

        public int size() {
            return predecessor.length;
        }
    }

    /**
     * @param topologicalOrder the tasks, predecessors before successors
     * @param finish           the project's finish: the latest earliest finish
     */
    public record Result(int[] earlyStart, int[] earlyFinish, int[] lateStart, int[] lateFinish, int[] totalFloat,
            int[] topologicalOrder, int finish) {

        public boolean critical(int task) {
            return totalFloat[task] <= 0;
        }

        /** The critical tasks in topological order. */
        public int[] criticalPath() {
            return Arrays.stream(topologicalOrder).filter(this::critical).toArray();
        }
    }

    /**
     * @param duration  working days of each task (≥ 0)
     * @param notBefore the earliest start each task may have (its own start date, or 0)
     * @throws IllegalArgumentException when the dependencies contain a cycle
     */
    public static Result compute(int[] duration, int[] notBefore, Edges edges) {
        int n = duration.length;
        int[] order = topologicalOrder(n, edges);
        int[][] incoming = adjacency(n, edges.successor());
        int[][] outgoing = adjacency(n, edges.predecessor());

        int[] es = new int[n];
        int[] ef = new int[n];
        int finish = 0;
        for (int task : order) {
            int start = Math.max(0, notBefore[task]);
            for (int e : incoming[task]) {
                int p = edges.predecessor()[e];
                int lag = edges.lag()[e];
                int bound = switch (edges.type()[e]) {
                    case FS -> ef[p] + lag;
                    case SS -> es[p] + lag;
                    case FF -> ef[p] + lag - duration[task];
                    case SF -> es[p] + lag - duration[task];
                };
                start = Math.max(start, bound);
            }
            es[task] = start;
            ef[task] = start + duration[task];
            finish = Math.max(finish, ef[task]);
        }

        int[] lf = new int[n];
        int[] ls = new int[n];
        int[] slack = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            int task = order[i];
            int latest = finish;
            for (int e : outgoing[task]) {
                int s = edges.successor()[e];
                int lag = edges.lag()[e];
                int bound = switch (edges.type()[e]) {
                    case FS -> ls[s] - lag;
                    case SS -> ls[s] - lag + duration[task];
                    case FF -> lf[s] - lag;
                    case SF -> lf[s] - lag + duration[task];
                };
                latest = Math.min(latest, bound);
            }
            lf[task] = latest;
            ls[task] = latest - duration[task];
            slack[task] = ls[task] - es[task];
        }
        return new Result(es, ef, ls, lf, slack, order, finish);
    }

    /**
     * Predecessors first (Kahn's algorithm over the adjacency arrays); fails on a cycle. A graph library's object
     * graph costs tens of milliseconds for 10,000 tasks here, this costs one or two; JGraphT answers the question that
     * needs a real graph, the path of a cycle a new dependency would close (see Dependencies).
     */
    static int[] topologicalOrder(int n, Edges edges) {
        int[][] outgoing = adjacency(n, edges.predecessor());
        int[] indegree = new int[n];
        for (int s : edges.successor()) {
            indegree[s]++;
        }
        int[] order = new int[n];
        int head = 0;
        int tail = 0;
        for (int task = 0; task < n; task++) {
            if (indegree[task] == 0) {
                order[tail++] = task;
            }
        }
        while (head < tail) {
            int task = order[head++];
            for (int e : outgoing[task]) {
                int s = edges.successor()[e];
                if (--indegree[s] == 0) {
                    order[tail++] = s;
                }
            }
        }
        if (tail < n) {
            throw new IllegalArgumentException("The dependencies contain a cycle");
        }
        return order;
    }

    /** For each task, the indexes of the edges whose {@code end} is the task. */
    private static int[][] adjacency(int n, int[] end) {
        int[] degree = new int[n];
        for (int task : end) {
            degree[task]++;
        }
        int[][] adjacency = new int[n][];
        for (int task = 0; task < n; task++) {
            adjacency[task] = new int[degree[task]];
        }
        int[] filled = new int[n];
        for (int e = 0; e < end.length; e++) {
            adjacency[end[e]][filled[end[e]]++] = e;
        }
        return adjacency;
    }
}
