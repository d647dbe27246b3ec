# Proves the conformance harness can fail: the same macros as the suite, with test 3 expecting a
# wrong sum (1 + 1 = 3). The program must exit with code 3 on Tessera and on qemu-riscv32.

#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV32U
RVTEST_CODE_BEGIN

  TEST_RR_OP( 2, add, 0x00000002, 0x00000001, 0x00000001 );
  TEST_RR_OP( 3, add, 0x00000003, 0x00000001, 0x00000001 );
  TEST_RR_OP( 4, add, 0x00000004, 0x00000002, 0x00000002 );

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN

  TEST_DATA

RVTEST_DATA_END
