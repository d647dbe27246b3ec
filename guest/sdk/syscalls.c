/* The syscall wrappers of tessera.h and the hooks picolibc needs: stdio on fd 1/2 and _exit. */
#include <stdio.h>

#include "tessera.h"

static inline long tsr_ecall3(long n, long a0, long a1, long a2)
{
	register long r_a0 __asm__("a0") = a0;
	register long r_a1 __asm__("a1") = a1;
	register long r_a2 __asm__("a2") = a2;
	register long r_a7 __asm__("a7") = n;
	__asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
	return r_a0;
}

size_t tsr_read(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t done = 0;
	while (done < len) {
		long n = tsr_ecall3(TSR_SYS_READ, TSR_FD_INPUT, (long)(p + done), (long)(len - done));
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return done;
}

void tsr_write(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	while (len > 0) {
		long n = tsr_ecall3(TSR_SYS_WRITE, fd, (long)p, (long)len);
		if (n <= 0)
			tsr_exit(255); /* the host refused output: nothing sensible is left to do */
		p += n;
		len -= (size_t)n;
	}
}

void tsr_commit(const void *buf, size_t len)
{
	tsr_write(TSR_FD_JOURNAL, buf, len);
}

_Noreturn void tsr_exit(int code)
{
	for (;;)
		tsr_ecall3(TSR_SYS_EXIT, code, 0, 0);
}

/* picolibc's exit() and abort() end here. */
_Noreturn void _exit(int code)
{
	tsr_exit(code);
}

static int tsr_putc(char c, FILE *file)
{
	(void)file;
	tsr_write(TSR_FD_STDOUT, &c, 1);
	return (unsigned char)c;
}

static int tsr_putc_err(char c, FILE *file)
{
	(void)file;
	tsr_write(TSR_FD_STDERR, &c, 1);
	return (unsigned char)c;
}

/* stdin reads the private input a byte at a time; it shares the stream with tsr_read. */
static int tsr_getc(FILE *file)
{
	unsigned char c;
	(void)file;
	return tsr_read(&c, 1) == 1 ? c : EOF;
}

static FILE tsr_stdout = FDEV_SETUP_STREAM(tsr_putc, NULL, NULL, _FDEV_SETUP_WRITE);
static FILE tsr_stderr = FDEV_SETUP_STREAM(tsr_putc_err, NULL, NULL, _FDEV_SETUP_WRITE);
static FILE tsr_stdin = FDEV_SETUP_STREAM(NULL, tsr_getc, NULL, _FDEV_SETUP_READ);

FILE *const stdin = &tsr_stdin;
FILE *const stdout = &tsr_stdout;
FILE *const stderr = &tsr_stderr;
