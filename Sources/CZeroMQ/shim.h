// The whole C surface Tamyr's ZeroMQ layer sees: libzmq's public header.
#include <zmq.h>
