// ThreadLocalTimeBuffers: localtime() and gmtime() for this process, each
// returning a buffer of the calling thread instead of glibc's one static
// struct tm shared by both functions and every thread.
//
// Why: the libraries call the non-reentrant functions from threads we run at
// once. PoDoFo's PdfMemDocument constructor calls localtime(now) (its Info
// dates, which PdfRenderer then replaces) on the PDF threads, while
// libxlsxwriter's workbook_close() formats docProps/core.xml's fixed creation
// date with gmtime() then strftime() on the thread writing a workbook. When
// the two met, a personal KPI workbook of the appraisal job said it was
// created "now": one file in ~500, so reruns were not byte-identical.
//
// A definition in the executable takes precedence over libc's for every
// shared library (ELF symbol interposition), so no library call site is left
// out. The results are those of localtime_r() and gmtime_r(), which glibc
// computes exactly as localtime() and gmtime(), into a per-thread buffer, as
// POSIX allows. Linked into the yewu executable and the unit tests (an
// OBJECT library: an archive member would never be pulled in for a symbol
// only shared libraries need).
#include <ctime>

extern "C" {

std::tm* localtime(const std::time_t* timer) {
    thread_local std::tm buffer;
    return localtime_r(timer, &buffer);
}

std::tm* gmtime(const std::time_t* timer) {
    thread_local std::tm buffer;
    return gmtime_r(timer, &buffer);
}

}  // extern "C"
