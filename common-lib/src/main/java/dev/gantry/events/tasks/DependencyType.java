package dev.gantry.events.tasks;

/**
 * How a successor depends on its predecessor (依赖): finish-to-start, start-to-start, finish-to-finish,
 * start-to-finish.
 */
public enum DependencyType {
    FS, SS, FF, SF
}
