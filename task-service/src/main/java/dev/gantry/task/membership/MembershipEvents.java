package dev.gantry.task.membership;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.events.projects.ProjectEvents;

/** What task-service reacts to. */
@Configuration(proxyBeanMethods = false)
class MembershipEvents {

    @Bean
    EventSubscriptions eventSubscriptions(ProjectMembership membership) {
        return EventSubscriptions.builder()
                .on(ProjectEvents.CREATED, "project-membership", membership::onCreated)
                .on(ProjectEvents.MEMBER_ADDED, "project-membership", membership::onMemberAdded)
                .on(ProjectEvents.MEMBER_CHANGED, "project-membership", membership::onMemberChanged)
                .on(ProjectEvents.MEMBER_REMOVED, "project-membership", membership::onMemberRemoved)
                .build();
    }
}
