package dev.latentforge.datasets.formats;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTests {

	private static Csv parse(String text) {
		return Csv.parse(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void parsesQuotedFieldsCrlfAndABom() {
		Csv csv = parse("\uFEFFname, size\r\n\"a, \"\"b\"\"\",1\r\n\r\nc,\"2\nlines\"\r\n");
		assertThat(csv.header()).containsExactly("name", "size");
		assertThat(csv.rows()).containsExactly(List.of("a, \"b\"", "1"), List.of("c", "2\nlines"));
	}

	@Test
	void keepsEmptyFields() {
		assertThat(parse("a,b,c\n,,\n").rows()).containsExactly(List.of("", "", ""));
	}

	@Test
	void refusesRowsOfTheWrongWidth() {
		assertThatThrownBy(() -> parse("a,b\n1,2\n3\n")).isInstanceOf(InvalidFileException.class)
			.hasMessage("CSV row 2 has 1 fields but the header has 2");
	}

	@Test
	void refusesDuplicateOrBlankColumnNames() {
		assertThatThrownBy(() -> parse("a,a\n")).hasMessageContaining("column 'a' twice");
		assertThatThrownBy(() -> parse("a, \n")).hasMessageContaining("blank column name");
	}

	@Test
	void refusesAnUnclosedQuoteAndEmptyFiles() {
		assertThatThrownBy(() -> parse("a\n\"x\n")).hasMessageContaining("not closed");
		assertThatThrownBy(() -> parse("\n\n")).hasMessageContaining("empty");
	}

	@Test
	void refusesInvalidUtf8() {
		assertThatThrownBy(() -> Csv.parse(new byte[] { 'a', '\n', (byte) 0xC3, '(' }))
			.isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("UTF-8");
	}

}
