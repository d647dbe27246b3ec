/* Guest entry: the executor starts every register at 0 and qemu-riscv32 starts sp on its own
 * stack, so set sp, gp and tp (picolibc keeps errno in thread-local storage, and the .tdata
 * image that the ELF loads in place serves as the one thread's TLS block), run constructors,
 * then exit with main's return value. .bss, heap and stack are NOBITS in a PT_LOAD segment:
 * both loaders hand them out zeroed, so nothing is copied or cleared here. */
	.section .text.init.enter, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	la sp, __stack_top
	la tp, __tls_base
	call __libc_init_array
	li a0, 0
	li a1, 0
	call main
	call exit
1:	j 1b
	.size _start, . - _start
