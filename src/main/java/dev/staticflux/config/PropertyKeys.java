package dev.staticflux.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Every key {@link StaticFluxProperties} binds, in Boot's canonical form
 * ({@code staticflux.cache.max-size}), read from the records themselves so that a key
 * added to them is known here at once. An element of a list of records is written with
 * {@code []}: {@code staticflux.hosts[].root}.
 */
final class PropertyKeys {

	static final String PREFIX = "staticflux";

	private PropertyKeys() {
	}

	static List<String> all() {
		List<String> keys = new ArrayList<>();
		collect(StaticFluxProperties.class, PREFIX, keys);
		return List.copyOf(keys);
	}

	private static void collect(Class<?> record, String prefix, List<String> keys) {
		for (RecordComponent component : record.getRecordComponents()) {
			String key = prefix + "." + kebab(component.getName());
			Class<?> type = component.getType();
			Class<?> element = listElement(component.getGenericType());
			if (type.isRecord()) {
				collect(type, key, keys);
			}
			else if (element != null && element.isRecord()) {
				collect(element, key + "[]", keys);
			}
			else {
				keys.add(key);
			}
		}
	}

	private static @Nullable Class<?> listElement(Type type) {
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class
				&& parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
			return element;
		}
		return null;
	}

	/** {@code maxFileSize} as {@code max-file-size}. */
	static String kebab(String name) {
		StringBuilder kebab = new StringBuilder(name.length() + 4);
		for (char c : name.toCharArray()) {
			if (Character.isUpperCase(c)) {
				kebab.append('-').append(Character.toLowerCase(c));
			}
			else {
				kebab.append(c);
			}
		}
		return kebab.toString().toLowerCase(Locale.ROOT);
	}

}
