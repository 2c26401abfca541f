package dev.gantry.search;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.search.filterlang.FilterQuery;
import dev.gantry.search.filterlang.FilterQueryParser;
import dev.gantry.search.filterlang.FilterTranslator;
import dev.gantry.search.indexing.SearchDocument;
import dev.gantry.search.query.SearchScope;
import dev.gantry.search.text.QueryText;
import dev.gantry.search.text.TextQueries;

/** The package-by-feature rules of search-service, checked on its compiled classes. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.gantry.search");

    @Test
    void controllersArePackagePrivateAndNamedSo() {
        classes().that().areAnnotatedWith(RestController.class).should().notBePublic()
                .andShould().haveSimpleNameEndingWith("Controller").check(classes);
    }

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("dev.gantry.search.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void indexingKnowsNothingOfQueriesFiltersOrRebuilds() {
        noClasses().that().resideInAPackage("dev.gantry.search.indexing..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.gantry.search.query..", "dev.gantry.search.filters..",
                        "dev.gantry.search.rebuild..", "dev.gantry.search.filterlang..")
                .check(classes);
    }

    @Test
    void textAndLanguageRulesArePlainJava() {
        noClasses().that().belongToAnyOf(QueryText.class, TextQueries.class, FilterQuery.class,
                        FilterQueryParser.class, FilterTranslator.class, SearchScope.class, SearchDocument.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..")
                .check(classes);
    }
}
