/* Tessera's environment for the riscv-tests scalar ISA tests (isa/rv32ui, isa/rv32um): user mode
 * only, no traps, no CSRs, no tohost. A test is a bare `_start` that runs its cases and ends in an
 * exit syscall (Tessera guest ABI: ecall with a7 = 93, a0 = code), so the same ELF runs on
 * Tessera's executor and on qemu-riscv32. Written for Tessera, not taken from the suite's env. */
#ifndef TESSERA_RISCV_TEST_H
#define TESSERA_RISCV_TEST_H

/* The suite's macros keep the number of the running case in gp. */
#define TESTNUM gp

#define RVTEST_RV32U .text
#define RVTEST_RV64U .text

#define RVTEST_CODE_BEGIN \
        .section .text.init, "ax", @progbits; \
        .align 2; \
        .globl _start; \
_start:

/* Nothing may run past the pass/fail exits; falling through would fault on the zero word. */
#define RVTEST_CODE_END \
        unimp

#define RVTEST_PASS \
        li a0, 0; \
        li a7, 93; \
        ecall

/* Exit with the failing case's number. A host sees only the low byte, so a number whose low byte
 * is zero (no case ran, or a multiple of 256) gets 0xFF ored in: a failure never exits 0. */
#define RVTEST_FAIL \
        mv a0, TESTNUM; \
        andi t0, a0, 0xff; \
        bnez t0, 1f; \
        ori a0, a0, 0xff; \
1:      li a7, 93; \
        ecall

#define EXTRA_DATA

#define RVTEST_DATA_BEGIN \
        EXTRA_DATA \
        .align 4; \
        .globl begin_signature; \
begin_signature:

#define RVTEST_DATA_END \
        .align 4; \
        .globl end_signature; \
end_signature:

#endif
