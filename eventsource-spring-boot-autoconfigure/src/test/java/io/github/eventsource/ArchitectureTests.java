package io.github.eventsource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package layering of STYLE.md and the public API's boundary, checked on the runtime's
 * classes: everything else is package-private or in a package named {@code internal}.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.eventsource");

	/**
	 * STYLE.md's public API outside the auto-configuration packages: the annotations,
	 * {@code EventSourceSession}, {@code EventSourceEvent}, {@code EventSourceTemplate}
	 * with its {@code BroadcastResult}, {@code EventSourcePresence}, the observer SPI
	 * with the enums its signatures use, the stream's outcome with the observations'
	 * documentation, contexts and conventions, and the Durable Streams API with its
	 * authorization hook.
	 */
	private static final String[] API = { "io.github.eventsource.annotation.CheckConnection",
			"io.github.eventsource.annotation.EventSourceEndpoint", "io.github.eventsource.annotation.OnClose",
			"io.github.eventsource.annotation.OnOpen", "io.github.eventsource.core.EventSourceSession",
			"io.github.eventsource.core.EventSourceEvent", "io.github.eventsource.core.EventSourceObserver",
			"io.github.eventsource.core.OverflowPolicy", "io.github.eventsource.core.ReplayOutcome",
			"io.github.eventsource.core.StreamOutcome",
			"io.github.eventsource.observation.EventSourceObservationDocumentation",
			"io.github.eventsource.observation.StreamObservationContext",
			"io.github.eventsource.observation.StreamObservationConvention",
			"io.github.eventsource.observation.DefaultStreamObservationConvention",
			"io.github.eventsource.observation.SendObservationContext",
			"io.github.eventsource.observation.SendObservationConvention",
			"io.github.eventsource.observation.DefaultSendObservationConvention",
			"io.github.eventsource.broadcast.EventSourceTemplate", "io.github.eventsource.broadcast.BroadcastResult",
			"io.github.eventsource.presence.EventSourcePresence",
			"io.github.eventsource.durable.DurableStreams", "io.github.eventsource.durable.DurableStreamRead",
			"io.github.eventsource.durable.DurableStreamException", "io.github.eventsource.durable.DurableStreamAccess",
			"io.github.eventsource.durable.DurableStreamOperation" };

	@Test
	void aPackageUsesOnlyThePackagesAboveItInTheLayering() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("annotation").definedBy("io.github.eventsource.annotation..")
			.layer("core").definedBy("io.github.eventsource.core..")
			.layer("presence").definedBy("io.github.eventsource.presence..")
			.layer("observation").definedBy("io.github.eventsource.observation..")
			.layer("broadcast").definedBy("io.github.eventsource.broadcast..")
			.layer("web").definedBy("io.github.eventsource.web..")
			.layer("durable").definedBy("io.github.eventsource.durable..")
			.layer("autoconfigure").definedBy("io.github.eventsource.autoconfigure..")
			.whereLayer("autoconfigure").mayNotBeAccessedByAnyLayer()
			.whereLayer("web").mayOnlyBeAccessedByLayers("autoconfigure")
			.whereLayer("durable").mayOnlyBeAccessedByLayers("autoconfigure")
			.whereLayer("broadcast").mayOnlyBeAccessedByLayers("web", "autoconfigure")
			.whereLayer("presence").mayOnlyBeAccessedByLayers("broadcast", "web", "autoconfigure")
			.whereLayer("observation").mayOnlyBeAccessedByLayers("broadcast", "web", "autoconfigure")
			.whereLayer("core").mayOnlyBeAccessedByLayers("presence", "observation", "broadcast", "web", "durable",
					"autoconfigure")
			.check(CLASSES);
	}

	@Test
	void noInternalTypeAppearsInAPublicSignatureOfAnApiType() {
		members().that().areDeclaredInClassesThat(apiTypes())
			.and(publicOrProtected())
			.should(notExposeInternalTypes())
			.check(CLASSES);
	}

	@Test
	void thePublicTypesOutsideInternalPackagesAreTheDocumentedApi() {
		assertThat(CLASSES.stream()
			.filter((type) -> type.getModifiers().contains(JavaModifier.PUBLIC) && type.isTopLevelClass())
			.filter((type) -> !type.getPackageName().contains(".internal"))
			.filter((type) -> !type.getPackageName().startsWith("io.github.eventsource.autoconfigure"))
			.map(JavaClass::getName)).containsExactlyInAnyOrder(API);
	}

	@Test
	void apiTypesDoNotExtendOrImplementInternalTypes() {
		classes().that(apiTypes()).should().notBeAssignableTo(internalTypes()).check(CLASSES);
	}

	@Test
	void autoConfigurationsUseInternalTypesOnlyToMakeTheirBeans() {
		classes().that(autoConfigurations()).should(useInternalTypesOnlyInBeanMethods()).check(CLASSES);
	}

	@Test
	void beanMethodsTakeAtMostSixParameters() {
		methods().that()
			.areAnnotatedWith(Bean.class)
			.and()
			.areDeclaredInClassesThat(autoConfigurations())
			.should(takeAtMostParameters(6))
			.check(CLASSES);
	}

	private static ArchCondition<JavaMethod> takeAtMostParameters(int max) {
		return new ArchCondition<>("take at most " + max + " parameters") {

			@Override
			public void check(JavaMethod method, ConditionEvents events) {
				int count = method.getRawParameterTypes().size();
				if (count > max) {
					events.add(SimpleConditionEvent.violated(method,
							method.getFullName() + " takes " + count + " parameters"));
				}
			}

		};
	}

	private static DescribedPredicate<JavaClass> autoConfigurations() {
		return DescribedPredicate.describe("are auto-configurations",
				(type) -> type.getPackageName().startsWith("io.github.eventsource.autoconfigure")
						&& (type.isAnnotatedWith(AutoConfiguration.class) || type.isAnnotatedWith(Configuration.class)));
	}

	/**
	 * Internal types are made in bean methods (their lambdas included) and nowhere else of
	 * an auto-configuration: no field, helper method or condition names one, and no bean
	 * of an internal type backs off for a bean of the application's, as
	 * {@code @ConditionalOnMissingBean} would invite.
	 */
	private static ArchCondition<JavaClass> useInternalTypesOnlyInBeanMethods() {
		return new ArchCondition<>("use internal types only in bean methods") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				type.getFields()
					.stream()
					.filter((field) -> isInternal(field.getRawType()))
					.forEach((field) -> violated(events, field, field.getRawType()));
				internalTypesIn(type.getAnnotations()).forEach((internal) -> violated(events, type, internal));
				for (JavaCodeUnit codeUnit : type.getCodeUnits()) {
					internalTypesIn(codeUnit.getAnnotations()).forEach((internal) -> violated(events, codeUnit, internal));
					if (isBeanMethod(type, codeUnit)) {
						if (isInternal(codeUnit.getRawReturnType())
								&& codeUnit.isAnnotatedWith(ConditionalOnMissingBean.class)) {
							events.add(SimpleConditionEvent.violated(codeUnit, codeUnit.getFullName()
									+ " lets a bean of the application replace internal type "
									+ codeUnit.getRawReturnType().getName()));
						}
					}
					else {
						usedTypes(codeUnit).filter(ArchitectureTests::isInternal)
							.distinct()
							.forEach((internal) -> violated(events, codeUnit, internal));
					}
				}
			}

			private void violated(ConditionEvents events, Object member, JavaClass internal) {
				events.add(SimpleConditionEvent.violated(member, member + " uses internal type " + internal.getName()));
			}

		};
	}

	private static boolean isBeanMethod(JavaClass type, JavaCodeUnit codeUnit) {
		if (codeUnit.isAnnotatedWith(Bean.class)) {
			return true;
		}
		// a lambda of a bean method compiles to lambda$<bean method>$<n>
		String[] lambda = codeUnit.getName().split("\\$");
		return lambda.length == 3 && lambda[0].equals("lambda") && type.getMethods()
			.stream()
			.anyMatch((method) -> method.getName().equals(lambda[1]) && method.isAnnotatedWith(Bean.class));
	}

	private static Stream<JavaClass> usedTypes(JavaCodeUnit codeUnit) {
		return Stream.of(Stream.of(codeUnit.getRawReturnType()), codeUnit.getRawParameterTypes().stream(),
				codeUnit.getAccessesFromSelf().stream().map((access) -> access.getTargetOwner()),
				codeUnit.getReferencedClassObjects().stream().map((reference) -> reference.getRawType()))
			.flatMap((types) -> types);
	}

	private static Stream<JavaClass> internalTypesIn(Set<? extends JavaAnnotation<?>> annotations) {
		return annotations.stream()
			.flatMap((annotation) -> annotation.getProperties().values().stream())
			.flatMap((value) -> (value instanceof Object[] values) ? Arrays.stream(values) : Stream.of(value))
			.filter((value) -> value instanceof JavaClass type && isInternal(type))
			.map(JavaClass.class::cast);
	}

	private static DescribedPredicate<JavaClass> apiTypes() {
		return DescribedPredicate.describe("public types outside internal packages",
				(type) -> type.getModifiers().contains(JavaModifier.PUBLIC)
						&& !type.getPackageName().contains(".internal")
						&& (type.getEnclosingClass().isEmpty()
								|| type.getEnclosingClass().get().getModifiers().contains(JavaModifier.PUBLIC)));
	}

	private static DescribedPredicate<JavaMember> publicOrProtected() {
		return DescribedPredicate.describe("are public or protected",
				(member) -> member.getModifiers().contains(JavaModifier.PUBLIC)
						|| member.getModifiers().contains(JavaModifier.PROTECTED));
	}

	private static DescribedPredicate<JavaClass> internalTypes() {
		return DescribedPredicate.describe("internal types", ArchitectureTests::isInternal);
	}

	private static boolean isInternal(JavaClass type) {
		return type.getPackageName().startsWith("io.github.eventsource") && type.getPackageName().contains(".internal");
	}

	private static ArchCondition<JavaMember> notExposeInternalTypes() {
		return new ArchCondition<>("not have an internal type in their signature") {

			@Override
			public void check(JavaMember member, ConditionEvents events) {
				signature(member).flatMap((type) -> type.getAllInvolvedRawTypes().stream())
					.filter(ArchitectureTests::isInternal)
					.distinct()
					.forEach((internal) -> events.add(SimpleConditionEvent.violated(member,
							member.getFullName() + " exposes internal type " + internal.getName())));
			}

		};
	}

	private static Stream<JavaType> signature(JavaMember member) {
		if (member instanceof JavaField field) {
			return Stream.of(field.getType());
		}
		if (member instanceof JavaCodeUnit codeUnit) {
			return Stream.concat(Stream.of(codeUnit.getReturnType()), codeUnit.getParameterTypes().stream());
		}
		return Stream.empty();
	}

}
