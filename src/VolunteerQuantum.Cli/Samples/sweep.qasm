// OpenQASM 3 with an input parameter, for sweeps:
//   vq run sweep.qasm --sweep theta=0:3.14159:5 --observable "Z0" --observable "Z0 Z1"
OPENQASM 3.0;
include "stdgates.inc";
input float theta;
qubit[3] q;
ry(theta) q[0];
cx q[0], q[1];
cx q[1], q[2];
