package dev.gantry.task.importing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/** The rows of an import file (CSV or .xlsx, first sheet): the header row's names, then one map per data row. */
record ImportFile(List<String> header, List<Map<String, String>> rows) {

    static final int MAX_ROWS = 10_000;

    /** A file that cannot be read as the format it claims. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    static ImportFile read(byte[] content, String format) throws Unreadable {
        try {
            return "xlsx".equals(format) ? xlsx(content) : csv(content);
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("The file is not a readable " + format.toUpperCase() + " file.");
        }
    }

    private static ImportFile csv(byte[] content) throws IOException, Unreadable {
        try (Reader reader = new InputStreamReader(BOMInputStream.builder()
                .setInputStream(new ByteArrayInputStream(content)).get(), StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true).setTrim(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames();
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (rows.size() >= MAX_ROWS) {
                    throw new Unreadable("An import has at most " + MAX_ROWS + " rows.");
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (String column : header) {
                    row.put(column, record.isSet(column) ? record.get(column) : "");
                }
                rows.add(row);
            }
            return new ImportFile(header, rows);
        }
    }

    private static ImportFile xlsx(byte[] content) throws IOException, Unreadable {
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = workbook.getFirstSheet();
            List<String> header = new ArrayList<>();
            List<Map<String, String>> rows = new ArrayList<>();
            try (Stream<Row> stream = sheet.openStream()) {
                for (Row row : (Iterable<Row>) stream::iterator) {
                    if (header.isEmpty()) {
                        for (int c = 0; c < row.getCellCount(); c++) {
                            header.add(row.getCellText(c).trim());
                        }
                        continue;
                    }
                    if (rows.size() >= MAX_ROWS) {
                        throw new Unreadable("An import has at most " + MAX_ROWS + " rows.");
                    }
                    Map<String, String> values = new LinkedHashMap<>();
                    boolean empty = true;
                    for (int c = 0; c < header.size(); c++) {
                        String text = c < row.getCellCount() ? row.getCellText(c).trim() : "";
                        empty &= text.isEmpty();
                        values.put(header.get(c), text);
                    }
                    if (!empty) {
                        rows.add(values);
                    }
                }
            }
            return new ImportFile(header, rows);
        }
    }
}
