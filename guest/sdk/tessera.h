/* Tessera guest SDK: the syscall ABI of docs GUEST-ABI (ecall with a7 = Linux RISC-V number).
 * The same ELF runs under the Tessera executor and under `qemu-riscv32 x.elf < in 3> journal`. */
#ifndef TESSERA_H
#define TESSERA_H

#include <stddef.h>
#include <stdint.h>

#define TSR_FD_INPUT 0   /* private input (read only) */
#define TSR_FD_STDOUT 1  /* debug output, not committed */
#define TSR_FD_STDERR 2  /* debug output, not committed */
#define TSR_FD_JOURNAL 3 /* public output, committed in the receipt */

#define TSR_SYS_READ 63
#define TSR_SYS_WRITE 64
#define TSR_SYS_EXIT 93

/* Reads from the private input until len bytes or end of input; returns the bytes read. */
size_t tsr_read(void *buf, size_t len);

/* Appends len bytes to the journal (fd 3). */
void tsr_commit(const void *buf, size_t len);

/* Writes len bytes to fd (1, 2 or 3). */
void tsr_write(int fd, const void *buf, size_t len);

/* Ends the guest with the given exit code. */
_Noreturn void tsr_exit(int code);

#endif
