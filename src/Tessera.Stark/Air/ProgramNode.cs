using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>One node of a <see cref="ConstraintProgram"/>; operands refer to earlier nodes by index.</summary>
internal readonly record struct ProgramNode(ExprKind Kind, int Index, int Offset, BabyBear Constant, int A, int B, bool IsExt);
