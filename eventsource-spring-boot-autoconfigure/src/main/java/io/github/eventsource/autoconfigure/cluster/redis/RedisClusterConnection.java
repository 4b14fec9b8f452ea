package io.github.eventsource.autoconfigure.cluster.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.TimeoutOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogMessage;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceSslClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Redis connections of the cluster mode: a Lettuce client of its own, to the Redis of
 * the application's {@link LettuceConnectionFactory} (same servers, credentials, SSL and
 * client resources), with options of its own: commands time out after the cluster mode's
 * timeout and are rejected at once while disconnected. The application's own Redis
 * clients keep their settings.
 * <p>
 * With a connection factory that is not Lettuce's, the cluster mode uses it as it is, and
 * its timeouts are the factory's. A Lettuce factory for Redis Cluster is refused unless the
 * key prefix has a hash tag.
 *
 * @since 0.1.0
 */
public final class RedisClusterConnection implements DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisClusterConnection.class);

	private final RedisConnectionFactory connectionFactory;

	private final boolean own;

	/**
	 * Create the connections.
	 * @param application the application's connection factory
	 * @param username the user name of the application's connection details, if any
	 * @param timeout the command timeout of the cluster mode
	 * @param keyPrefix the prefix of the cluster mode's keys
	 * @throws IllegalStateException if the application's factory is for Redis Cluster and
	 * the key prefix has no hash tag
	 */
	RedisClusterConnection(RedisConnectionFactory application, @Nullable String username, Duration timeout,
			String keyPrefix) {
		if (application instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()
				&& !hasHashTag(keyPrefix)) {
			throw new IllegalStateException("The event source cluster mode (eventsource.cluster.mode=redis) on Redis "
					+ "Cluster needs a key prefix with a hash tag, such as '{eventsource}:', so that the keys its "
					+ "scripts change together (the timeline and a target's history) share a slot; "
					+ "eventsource.cluster.redis.key-prefix is '" + keyPrefix + "'");
		}
		if (application instanceof LettuceConnectionFactory lettuce) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration(lettuce, username),
					clientConfiguration(lettuce.getClientConfiguration(), timeout));
			factory.afterPropertiesSet();
			factory.start();
			this.connectionFactory = factory;
			this.own = true;
		}
		else {
			logger.warn(LogMessage.format("Event source cluster mode on %s: its commands wait as long as that "
					+ "factory's timeout, not eventsource.cluster.redis.timeout; use Lettuce for a timeout of its own",
					application.getClass().getName()));
			this.connectionFactory = application;
			this.own = false;
		}
	}

	/**
	 * Return the connection factory of the cluster mode, for every part of it (the
	 * durable streams' storage included).
	 * @return the connection factory
	 */
	public RedisConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Return a template for the raw bytes of keys and values, as the cluster mode's
	 * scripts and codecs read and write them.
	 * @param connectionFactory the connection factory of the cluster mode
	 * @return the template, initialized
	 */
	public static RedisTemplate<byte[], byte[]> bytesTemplate(RedisConnectionFactory connectionFactory) {
		RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setEnableDefaultSerializer(false);
		template.setKeySerializer(RedisSerializer.byteArray());
		template.setValueSerializer(RedisSerializer.byteArray());
		template.afterPropertiesSet();
		return template;
	}

	@Override
	public void destroy() {
		if (this.own) {
			((LettuceConnectionFactory) this.connectionFactory).destroy();
		}
	}

	/**
	 * Return whether a key prefix has a non-empty hash tag: every key that starts with it
	 * lies in one slot of a Redis Cluster.
	 */
	static boolean hasHashTag(String keyPrefix) {
		int open = keyPrefix.indexOf('{');
		int close = (open >= 0) ? keyPrefix.indexOf('}', open + 1) : -1;
		return close > open + 1;
	}

	private static RedisConfiguration configuration(LettuceConnectionFactory application, @Nullable String username) {
		if (application.isClusterAware()) {
			return application.getClusterConfiguration();
		}
		if (application.isRedisSentinelAware()) {
			return application.getSentinelConfiguration();
		}
		if (application.getSocketConfiguration() != null) {
			return application.getSocketConfiguration();
		}
		// the factory's standalone configuration may be a default one: read through it
		RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(application.getHostName(),
				application.getPort());
		standalone.setDatabase(application.getDatabase());
		standalone.setUsername(username);
		standalone.setPassword(RedisPassword.of(application.getPassword()));
		return standalone;
	}

	static LettuceClientConfiguration clientConfiguration(LettuceClientConfiguration application, Duration timeout) {
		LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder();
		if (application.isUseSsl()) {
			LettuceSslClientConfigurationBuilder ssl = builder.useSsl();
			ssl.verifyPeer(application.getVerifyMode());
			if (application.isStartTls()) {
				ssl.startTls();
			}
			builder = ssl.and();
		}
		application.getClientResources().ifPresent(builder::clientResources);
		application.getClientName().ifPresent(builder::clientName);
		application.getRedisCredentialsProviderFactory().ifPresent(builder::redisCredentialsProviderFactory);
		ClientOptions.Builder options = application.getClientOptions()
			.map(ClientOptions::mutate)
			.orElseGet(ClientOptions::builder);
		options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout));
		return builder.clientOptions(options.build())
			.commandTimeout(timeout)
			.shutdownTimeout(application.getShutdownTimeout())
			.shutdownQuietPeriod(application.getShutdownQuietPeriod())
			.build();
	}

}
