package io.github.eventsource.web.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.eventsource.annotation.CheckConnection;
import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnClose;
import io.github.eventsource.annotation.OnOpen;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.method.support.HandlerMethodArgumentResolverComposite;

/**
 * Finds the {@link EventSourceEndpoint @EventSourceEndpoint} beans of an application
 * context and checks them: paths present and claimed once, at most one method per
 * lifecycle annotation, legal return types, supported arguments. Every failure names
 * the bean, the method or the path.
 */
final class EndpointDetector {

	private static final List<Class<? extends Annotation>> LIFECYCLE = List.of(CheckConnection.class, OnOpen.class,
			OnClose.class);

	private final HandlerMethodArgumentResolverComposite resolvers;

	private final WebDataBinderFactory binderFactory;

	EndpointDetector(HandlerMethodArgumentResolverComposite resolvers, WebDataBinderFactory binderFactory) {
		this.resolvers = resolvers;
		this.binderFactory = binderFactory;
	}

	List<Endpoint> detect(ApplicationContext context) {
		List<Endpoint> endpoints = new ArrayList<>();
		Map<String, String> beansByPath = new HashMap<>();
		for (String beanName : context.getBeanNamesForAnnotation(EventSourceEndpoint.class)) {
			Class<?> beanType = context.getType(beanName);
			if (ScopedProxyUtils.isScopedTarget(beanName) || beanType == null) {
				continue;
			}
			Endpoint endpoint = endpoint(beanName, ClassUtils.getUserClass(beanType), context);
			for (String path : endpoint.paths()) {
				String other = beansByPath.putIfAbsent(path, beanName);
				if (other != null) {
					throw new IllegalStateException("Path '" + path + "' of @EventSourceEndpoint bean '" + beanName
							+ "' is already mapped by @EventSourceEndpoint bean '" + other + "'");
				}
			}
			endpoints.add(endpoint);
		}
		return endpoints;
	}

	private Endpoint endpoint(String beanName, Class<?> userType, ApplicationContext context) {
		EventSourceEndpoint annotation = AnnotatedElementUtils.findMergedAnnotation(userType,
				EventSourceEndpoint.class);
		if (annotation == null || annotation.path().length == 0) {
			throw new IllegalStateException(
					"@EventSourceEndpoint bean '" + beanName + "' declares no path: set value or path");
		}
		Object bean = context.getBean(beanName);
		Map<Class<? extends Annotation>, EndpointHandlerMethod> methods = lifecycleMethods(beanName, bean, userType);
		EndpointHandlerMethod check = methods.get(CheckConnection.class);
		if (check != null) {
			Class<?> returnType = check.getMethod().getReturnType();
			if (returnType != boolean.class && returnType != Boolean.class && returnType != void.class) {
				throw new IllegalStateException("@CheckConnection method " + check.getMethod().toGenericString()
						+ " must return boolean or void");
			}
		}
		EndpointHandlerMethod open = methods.get(OnOpen.class);
		assertSourceReturned(beanName, annotation.resumable(), open);
		EndpointHandlerMethod close = methods.get(OnClose.class);
		if (close != null) {
			close.assertNoRequestArguments();
		}
		OnOpen onOpen = (open != null) ? AnnotatedElementUtils.findMergedAnnotation(open.getMethod(), OnOpen.class)
				: null;
		return new Endpoint(beanName, List.of(annotation.path()), retry(beanName, annotation.retry()),
				annotation.replay(), annotation.resumable(), annotation.shareGenerations(),
				(onOpen != null) ? SourceEvents.of(onOpen) : SourceEvents.DEFAULT, annotation.presence(), check,
				open, close);
	}

	private static void assertSourceReturned(String beanName, boolean resumable,
			@Nullable EndpointHandlerMethod open) {
		Class<?> returnType = (open != null) ? open.getMethod().getReturnType() : void.class;
		boolean source = returnType == Object.class || SourcePublishers.isSource(returnType);
		if (resumable && !source) {
			throw new IllegalStateException("Resumable @EventSourceEndpoint bean '" + beanName
					+ "' needs an @OnOpen method that returns its source: a Publisher, Flow.Publisher or Stream");
		}
		if (open != null && returnType != void.class && !source) {
			throw new IllegalStateException("@OnOpen method " + open.getMethod().toGenericString()
					+ " must return void or a source: a Publisher (such as a Flux), Flow.Publisher or Stream");
		}
	}

	private Map<Class<? extends Annotation>, EndpointHandlerMethod> lifecycleMethods(String beanName, Object bean,
			Class<?> userType) {
		Map<Method, Class<? extends Annotation>> annotated = MethodIntrospector.selectMethods(userType,
				(MethodIntrospector.MetadataLookup<Class<? extends Annotation>>) (method) -> lifecycleAnnotation(
						beanName, method));
		Map<Class<? extends Annotation>, EndpointHandlerMethod> methods = new LinkedHashMap<>();
		annotated.forEach((method, annotationType) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			EndpointHandlerMethod handlerMethod = new EndpointHandlerMethod(bean, invocable, this.resolvers,
					this.binderFactory);
			handlerMethod.assertArgumentsSupported();
			EndpointHandlerMethod previous = methods.putIfAbsent(annotationType, handlerMethod);
			if (previous != null) {
				throw new IllegalStateException("@EventSourceEndpoint bean '" + beanName + "' has more than one @"
						+ annotationType.getSimpleName() + " method: " + previous.getMethod().getName() + " and "
						+ method.getName());
			}
		});
		return methods;
	}

	private @Nullable Class<? extends Annotation> lifecycleAnnotation(String beanName, Method method) {
		Class<? extends Annotation> found = null;
		for (Class<? extends Annotation> type : LIFECYCLE) {
			if (AnnotatedElementUtils.hasAnnotation(method, type)) {
				if (found != null) {
					throw new IllegalStateException("Method " + method.toGenericString() + " of bean '" + beanName
							+ "' is annotated with both @" + found.getSimpleName() + " and @" + type.getSimpleName());
				}
				found = type;
			}
		}
		return found;
	}

	private static @Nullable Duration retry(String beanName, String retry) {
		if (!StringUtils.hasText(retry)) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(retry, ChronoUnit.MILLIS);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"@EventSourceEndpoint bean '" + beanName + "' has an invalid retry '" + retry + "'", ex);
		}
	}

}
