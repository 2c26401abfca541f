package dev.gantry.task;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.task.board.Rank;
import dev.gantry.task.customfield.CustomField;
import dev.gantry.task.schedule.CriticalPath;
import dev.gantry.task.schedule.WorkingCalendar;
import dev.gantry.task.workflow.Workflow;

/** The package-by-feature rules of task-service, checked on its compiled classes. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.gantry.task");

    @Test
    void controllersArePackagePrivateAndNamedSo() {
        classes().that().areAnnotatedWith(RestController.class).should().notBePublic()
                .andShould().haveSimpleNameEndingWith("Controller").check(classes);
    }

    @Test
    void noFeatureReachesIntoAnotherFeaturesController() {
        noClasses().that().haveSimpleNameNotEndingWith("Controller").should().dependOnClassesThat()
                .areAnnotatedWith(RestController.class).check(classes);
    }

    @Test
    void domainRulesArePlainJava() {
        noClasses().that().belongToAnyOf(Rank.class, CriticalPath.class, WorkingCalendar.class, Workflow.class,
                        CustomField.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..")
                .check(classes);
    }
}
