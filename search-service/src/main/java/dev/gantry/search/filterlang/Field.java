package dev.gantry.search.filterlang;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.gantry.search.filterlang.FilterQuery.Operator;

/**
 * The fields a saved filter may name, what each compares like and which operators it takes.
 */
public enum Field {
    TEXT(Kind.TEXT, "text"),
    TITLE(Kind.TEXT, "title"),
    TYPE(Kind.KEYWORD, "type"),
    KEY(Kind.KEYWORD, "key"),
    PROJECT(Kind.PROJECT, "projectId"),
    STATUS(Kind.KEYWORD, "status"),
    CATEGORY(Kind.KEYWORD, "statusCategory"),
    PRIORITY(Kind.PRIORITY, "priority"),
    TASKTYPE(Kind.KEYWORD, "taskType"),
    LABEL(Kind.KEYWORD, "labels"),
    ASSIGNEE(Kind.USER, "assigneeId"),
    REPORTER(Kind.USER, "reporterId"),
    AUTHOR(Kind.USER, "authorId"),
    DUE(Kind.DATE, "dueDate"),
    START(Kind.DATE, "startDate"),
    CREATED(Kind.DATE, "createdAt"),
    UPDATED(Kind.DATE, "updatedAt");

    /** How a field's values compare. */
    public enum Kind {
        TEXT(EnumSet.of(Operator.CONTAINS), false),
        KEYWORD(EnumSet.of(Operator.EQ, Operator.NEQ), true),
        PROJECT(EnumSet.of(Operator.EQ, Operator.NEQ), true),
        USER(EnumSet.of(Operator.EQ, Operator.NEQ), true),
        PRIORITY(EnumSet.of(Operator.EQ, Operator.NEQ, Operator.LT, Operator.LTE, Operator.GT, Operator.GTE), true),
        DATE(EnumSet.of(Operator.EQ, Operator.NEQ, Operator.LT, Operator.LTE, Operator.GT, Operator.GTE), true);

        private final Set<Operator> operators;
        private final boolean listable;

        Kind(Set<Operator> operators, boolean listable) {
            this.operators = operators;
            this.listable = listable;
        }

        public Set<Operator> operators() {
            return operators;
        }

        /** Whether {@code in (...)} and {@code is empty} apply. */
        public boolean listable() {
            return listable;
        }
    }

    private final Kind kind;
    private final String indexField;

    Field(Kind kind, String indexField) {
        this.kind = kind;
        this.indexField = indexField;
    }

    public Kind kind() {
        return kind;
    }

    /** The document field it reads. */
    public String indexField() {
        return indexField;
    }

    /** Whether results can be ordered by it. */
    public boolean sortable() {
        return (kind != Kind.TEXT || this == TITLE) && kind != Kind.USER && this != LABEL;
    }

    /** The field for a name as written (case-insensitive; labels and label are the same). */
    public static Optional<Field> named(String name) {
        String normalized = name.toLowerCase(Locale.ROOT);
        if (normalized.equals("labels")) {
            return Optional.of(LABEL);
        }
        if (normalized.equals("statuscategory")) {
            return Optional.of(CATEGORY);
        }
        for (Field field : values()) {
            if (field.name().toLowerCase(Locale.ROOT).equals(normalized)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
