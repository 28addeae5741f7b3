package dev.staticflux.rules;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.staticflux.config.StaticFluxProperties.HeaderRule;
import dev.staticflux.config.StaticFluxProperties.RedirectRule;
import dev.staticflux.files.MediaTypes;

/**
 * Actuator endpoint {@code siterules}: the rules in force, per site, as the engine
 * applies them (a virtual host's headers include the inherited
 * {@code staticflux.headers}), with the media-type overrides and the {@code Server}
 * header.
 */
@Endpoint(id = "siterules")
public class SiteRulesEndpoint {

	private final SiteRulesByHost sites;

	private final MediaTypes mediaTypes;

	private final ServerHeader serverHeader;

	SiteRulesEndpoint(SiteRulesByHost sites, MediaTypes mediaTypes, ServerHeader serverHeader) {
		this.sites = sites;
		this.mediaTypes = mediaTypes;
		this.serverHeader = serverHeader;
	}

	/** The active rules. */
	@ReadOperation
	public SiteRulesReport report() {
		List<Site> report = sites.sites()
			.stream()
			.map(site -> new Site(site.host(), site.root().toString(),
					site.fallback() == null ? null : site.fallback().configured(), site.redirects().configured(),
					site.headers().configured()))
			.toList();
		return new SiteRulesReport(report, mediaTypes.overrides(), serverHeader.value());
	}

	/**
	 * @param sites the default site first (its {@code host} is {@code null}), then each
	 * virtual host
	 * @param mimeTypes {@code staticflux.mime-types}: extension to media type
	 * @param serverHeader the {@code Server} header value, {@code null} for none
	 */
	public record SiteRulesReport(List<Site> sites, Map<String, String> mimeTypes, @Nullable String serverHeader) {
	}

	/**
	 * @param host the virtual host, or {@code null} for the default site
	 * @param root the directory served
	 * @param fallback the fallback file, or {@code null}
	 * @param redirects in the order they are tried
	 * @param headers in the order they are applied
	 */
	public record Site(@Nullable String host, String root, @Nullable String fallback, List<RedirectRule> redirects,
			List<HeaderRule> headers) {
	}

}
