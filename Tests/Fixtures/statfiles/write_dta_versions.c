/* Writes a small Stata file of one format version with ReadStat's writer (Debian's libreadstat), for the
   version fixtures of make_statfiles.py: write_dta_versions VERSION PATH [strl]. Six rows: a double with
   system (and, from format 113, extended) missing values, an integer value-labelled (from format 110) with an
   unlabelled code, a string with an empty value, a %td date and an integer; with "strl" (formats 117+) also a strL
   column holding a long text, a UTF-8 text with a quote and a comma, a short and an empty one. */
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ssize_t write_bytes(const void *data, size_t length, void *context) {
    return (ssize_t)fwrite(data, 1, length, (FILE *)context);
}

static void check(readstat_error_t error, const char *what) {
    if (error != READSTAT_OK) {
        fprintf(stderr, "%s: %s\n", what, readstat_error_message(error));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: write_dta_versions VERSION PATH [strl]\n"); return 64; }
    long version = atol(argv[1]);
    int strl = argc > 3 && strcmp(argv[3], "strl") == 0;
    FILE *file = fopen(argv[2], "wb");
    if (!file) { perror(argv[2]); return 1; }
    readstat_writer_t *writer = readstat_writer_init();
    readstat_set_data_writer(writer, write_bytes);
    check(readstat_writer_set_file_format_version(writer, (uint8_t)version), "version");
    readstat_writer_set_file_label(writer, "Glassbox version fixture");
    readstat_label_set_t *parties = readstat_add_label_set(writer, READSTAT_TYPE_INT32, "partylbl");
    readstat_label_int32_value(parties, 1, "DEM");
    readstat_label_int32_value(parties, 2, "REP");
    readstat_variable_t *score = readstat_add_variable(writer, "score", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_t *party = readstat_add_variable(writer, "party", READSTAT_TYPE_INT32, 0);
    /* Value labels from format 110 on: ReadStat 1.1.8's writer lays out the label table of formats 104-108
       unlike the Stata specification (format 108: a 33-byte label name where it has 9), which the reader of
       the same ReadStat accepts but pyreadstat's newer ReadStat reads as no labels. */
    if (version >= 110) readstat_variable_set_label_set(party, parties);
    readstat_variable_t *name = readstat_add_variable(writer, "name", READSTAT_TYPE_STRING, 12);
    readstat_variable_t *born = readstat_add_variable(writer, "born", READSTAT_TYPE_INT32, 0);
    readstat_variable_set_format(born, "%td");
    readstat_variable_t *count = readstat_add_variable(writer, "count", READSTAT_TYPE_INT16, 0);
    readstat_variable_t *note = strl ? readstat_add_variable(writer, "note", READSTAT_TYPE_STRING_REF, 0) : NULL;
    char *long_text = malloc(3001);
    for (int i = 0; i < 3000; i++) long_text[i] = "glassbox"[i % 8];
    long_text[3000] = 0;
    readstat_string_ref_t *refs[4] = {0};
    if (strl) {
        refs[0] = readstat_add_string_ref(writer, long_text);
        refs[1] = readstat_add_string_ref(writer, "Zo\xc3\xab, \xc3\xa4 \"quoted\"");
        refs[2] = readstat_add_string_ref(writer, "short");
        refs[3] = readstat_add_string_ref(writer, "");
    }
    const double scores[6] = {1.5, 0, -3.25, 0, 0.1, 42};
    const int parties_of_row[6] = {1, 2, 3, 1, 0, 2};
    const char *names[6] = {"b", "", "a", "long text", "b", "c"};
    const int days[6] = {21915, 0, -1, 3653, 0, 23000};
    check(readstat_begin_writing_dta(writer, file, 6), "begin");
    for (int row = 0; row < 6; row++) {
        check(readstat_begin_row(writer), "row");
        if (row == 1) check(readstat_insert_missing_value(writer, score), "missing");
        else if (row == 3) {
            if (version >= 113) check(readstat_insert_tagged_missing_value(writer, score, 'a'), "tagged");
            else check(readstat_insert_missing_value(writer, score), "missing");
        } else check(readstat_insert_double_value(writer, score, scores[row]), "score");
        if (parties_of_row[row] == 0) check(readstat_insert_missing_value(writer, party), "missing");
        else check(readstat_insert_int32_value(writer, party, parties_of_row[row]), "party");
        check(readstat_insert_string_value(writer, name, names[row]), "name");
        if (row == 4) check(readstat_insert_missing_value(writer, born), "missing");
        else check(readstat_insert_int32_value(writer, born, days[row]), "born");
        check(readstat_insert_int16_value(writer, count, (int16_t)(row * 7 - 10)), "count");
        if (strl) {
            check(readstat_insert_string_ref(writer, note, refs[row == 5 ? 3 : row % 3]), "note");
        }
        check(readstat_end_row(writer), "end row");
    }
    check(readstat_end_writing(writer), "end");
    readstat_writer_free(writer);
    free(long_text);
    return fclose(file) == 0 ? 0 : 1;
}
