package dev.gantry.project;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** The feature packages stay apart: no cycles between them, controllers hidden in their package. */
class ModularityTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.gantry.project");

    @Test
    void featuresDoNotDependOnEachOtherInCircles() {
        slices().matching("dev.gantry.project.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void controllersArePackagePrivate() {
        classes().that().areAnnotatedWith(RestController.class).should().notBePublic().check(CLASSES);
    }

    @Test
    void domainRulesOfReleasesNeedNoSpring() {
        classes().that().haveSimpleNameEndingWith("Rules").or().haveSimpleName("StagePreconditions")
                .or().haveSimpleName("ReleaseStateMachine").or().haveSimpleName("TemplateValidator")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("org.springframework..")
                .check(CLASSES);
    }
}
