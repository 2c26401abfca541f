package dev.gantry.events;

/** The Kafka topics, one per owning service, each with a dead-letter topic beside it. */
public final class Topics {

    public static final String USERS = "gantry.users";
    public static final String PROJECTS = "gantry.projects";
    public static final String TASKS = "gantry.tasks";
    public static final String NOTIFICATIONS = "gantry.notifications";

    private Topics() {
    }

    /** Where events that a consumer cannot handle are parked, with the error, for a person to look at. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
